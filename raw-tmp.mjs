import Database from 'better-sqlite3';
const db = new Database(process.argv[2], { readonly: true });
const sets = { main: ['TaskCreated','TaskClaimed','TaskCompleted','TaskReleased','TaskFailed','AgentHeartbeat','AgentStatusChanged'],
  worker: ['TokensUsed','ToolCalled','RunStarted','RunFinished','PostAdded','PostVoted','MessageSent','MemoryRecorded','IncomeRecorded','IncomeRefunded'] };
const C = process.env.COLS ?? 'position, id, stream, revision, type, data, metadata';
const types = sets[process.argv[3]];
const ph = types.map(() => '?').join(',');
if (process.env.CACHE) db.pragma('cache_size = -' + process.env.CACHE);
if (process.env.MMAP) db.pragma('mmap_size = ' + process.env.MMAP);
const st = db.prepare(`SELECT ${C} FROM events WHERE position > ? AND position <= ? AND +type IN (${ph}) ORDER BY position LIMIT ?`).raw();
for (let k = 0; k < 3; k++) {
  const s = performance.now(); let after = 0, n = 0, page = +(process.env.PAGE ?? 1000), js = 0;
  for (;;) { const rows = st.all(after, 1e10, ...types, page); n += rows.length; if (rows.length < page) break; after = rows[rows.length - 1][0]; }
  console.log(process.argv[3], (performance.now() - s).toFixed(0), 'ms', n);
}
