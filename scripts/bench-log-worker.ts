// Child process of `npm run bench:log`: appends through our store or through raw better-sqlite3, or appends
// timestamped events for the cross-process latency probe. argv: <ours|raw|probe> <dbPath> <count>.
// Prints "ready", waits for "go", works, prints one JSON line.
import Database from 'better-sqlite3';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { newEventId } from '../infra/log/event-ids.js';
import { rawInsertOne } from './bench-log-raw.js';

const [mode, path, countText, intervalText] = process.argv.slice(2) as [string, string, string, string?];
const count = Number(countText);
const metadata = () => ({
  correlationId: 'bench',
  causationId: 'bench',
  actor: { kind: 'system' as const, id: `bench-${process.pid}` },
  at: new Date().toISOString(),
  schemaVersion: 1,
});

const store = mode === 'raw' ? undefined : createSqliteEventStore({ path });
const raw = mode === 'raw' ? new Database(path, { timeout: 60_000 }) : undefined;
if (raw) {
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
}
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'go') break;

let errors = 0;
const started = performance.now();
if (mode === 'probe') {
  // One event at a time, each stamped with the wall-clock time its append returned, read by the subscriber.
  for (let i = 0; i < count; i++) {
    const r = await store!.append(`probe-${i}`, [{ id: newEventId(), type: 'Probe', data: { i }, metadata: metadata() }]);
    if (r._tag === 'Left') errors++;
    console.log(JSON.stringify({ i, committedAt: performance.timeOrigin + performance.now() }));
    await new Promise((r) => setTimeout(r, Number(intervalText ?? 20)));
  }
} else {
  for (let i = 0; i < count; i++) {
    const stream = `mp-${process.pid}-${i % 10}`;
    const e = { id: newEventId(), type: 'Bench', data: { i, text: 'payload' }, metadata: metadata() };
    if (store) {
      const r = await store.append(stream, [e]);
      if (r._tag === 'Left') errors++;
    } else {
      try {
        rawInsertOne(raw!, stream, e);
      } catch {
        errors++;
      }
    }
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ done: true, count, seconds, errors }));
await store?.close();
raw?.close();
process.exit(0);
