import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteProjectionStore, inSecondFile, inThirdFile, projectionFiles } from '../../infra/projections/sqlite-projection-store.js';
import { DEFERRED_CHECKPOINT_MAX_BYTES } from '../../infra/projections/sqlite-projection-file.js';

const test = suite<{ dir: string }>('projection store in two SQLite files');
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarm-projection-files-'));
});
test.after.each(({ dir }) => rmSync(dir, { recursive: true, force: true }));

const rowsOf = (file: string, projection: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT collection, key FROM docs WHERE projection = ?').all(projection);
  } finally {
    db.close();
  }
};

test('read models of the second and third files are kept there, the others in the first', ({ dir }) => {
  const path = join(dir, 'swarm.projections.db');
  const [first, second, third] = projectionFiles(path);
  assert.is(second, join(dir, 'swarm.projections-2.db'));
  assert.is(third, join(dir, 'swarm.projections-3.db'));
  assert.ok(inSecondFile.has('runs') && !inSecondFile.has('tasks'));
  assert.ok(inThirdFile.has('causation') && !inThirdFile.has('tasks') && !inSecondFile.has('causation'));
  const store = createSqliteProjectionStore(path);
  store.write((tx) => {
    tx.docs('runs').put('run', 'r1', { id: 'r1' });
    tx.docs('tasks').put('task', 't1', { id: 't1' });
    tx.docs('causation').put('buckets', '000000000', [[1, 2]]);
    tx.setCheckpoint('runs', { position: 7, version: 1 });
    tx.setCheckpoint('causation', { position: 7, version: 6 });
  });
  assert.equal(store.reader('causation').get('buckets', '000000000'), [[1, 2]]);
  assert.equal(store.checkpoint('causation'), { position: 7, version: 6 });
  assert.equal(store.reader('runs').get('run', 'r1'), { id: 'r1' });
  assert.equal(store.checkpoint('runs'), { position: 7, version: 1 });
  store.close();
  assert.equal(rowsOf(second, 'runs'), [{ collection: 'run', key: 'r1' }]);
  assert.equal(rowsOf(first, 'runs'), []);
  assert.equal(rowsOf(first, 'tasks'), [{ collection: 'task', key: 't1' }]);
  assert.equal(rowsOf(third, 'causation'), [{ collection: 'buckets', key: '000000000' }]);
  assert.equal(rowsOf(first, 'causation'), []);
  // Bulk-written read models get larger pages; the task board, written a few documents per claim, keeps 4 KiB.
  const pageSize = (file: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return db.pragma('page_size', { simple: true });
    } finally {
      db.close();
    }
  };
  assert.is(pageSize(first), 4096);
  assert.is(pageSize(second), 16384);
  assert.is(pageSize(third), 16384, 'the causation index: large bucket documents, never written by a claim');
});

test('a write scoped to a read model of one file does not wait for a writer of the other', ({ dir }) => {
  const path = join(dir, 'p.db');
  const store = createSqliteProjectionStore(path);
  store.write((tx) => tx.docs('runs').put('run', 'r0', 1), { projections: ['runs'] });
  // Another connection holds the first file's write lock (as a rebuild thread writing the task board does).
  const other = new Database(projectionFiles(path)[0]);
  other.exec('BEGIN IMMEDIATE');
  const started = Date.now();
  store.write((tx) => tx.docs('runs').put('run', 'r1', 2), { projections: ['runs'] });
  assert.ok(Date.now() - started < 1000, 'not held up by the lock of the other file');
  other.exec('ROLLBACK');
  other.close();
  assert.is(store.reader('runs').get('run', 'r1'), 2);
  assert.throws(() => store.write((tx) => tx.docs('tasks').put('task', 't', 1), { projections: ['runs'] }), /scoped to other read models touched tasks/);
  store.close();
});

test('a store from before the second file: read models that moved are dropped from the first, to be folded again', ({ dir }) => {
  const path = join(dir, 'swarm.projections.db');
  const old = new Database(path);
  old.exec(`CREATE TABLE docs (projection TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (projection, collection, key)) WITHOUT ROWID;
    CREATE TABLE projection_checkpoints (projection TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL);
    INSERT INTO docs VALUES ('runs', 'run', 'old', '{}'), ('tasks', 'task', 't1', '{"id":"t1"}'), ('causation', 'head', 'position', '40');
    INSERT INTO projection_checkpoints VALUES ('runs', 40, 1), ('tasks', 40, 2), ('causation', 40, 6);`);
  old.close();
  const store = createSqliteProjectionStore(path);
  assert.is(store.checkpoint('runs'), undefined, 'runs starts again from position 0, in the second file');
  assert.is(store.reader('runs').get('run', 'old'), undefined);
  assert.is(store.checkpoint('causation'), undefined, 'the causation index starts again from position 0, in the third file');
  assert.is(store.reader('causation').get('head', 'position'), undefined);
  assert.equal(store.checkpoint('tasks'), { position: 40, version: 2 });
  assert.equal(store.reader('tasks').get('task', 't1'), { id: 't1' });
  store.close();
  assert.equal(rowsOf(path, 'runs'), []);
  assert.equal(rowsOf(path, 'causation'), []);
});

test("a rebuilt read model's commit leaves its pages in the WAL; the next commit copies them into the file", ({ dir }) => {
  const path = join(dir, 'swarm.projections.db');
  const store = createSqliteProjectionStore(path);
  try {
    const docs: [string, string][] = Array.from({ length: 20_000 }, (_, i) => [String(i).padStart(6, '0'), JSON.stringify({ i, text: 'x'.repeat(200) })]);
    const sizeBefore = statSync(path).size;
    store.write((tx) => {
      tx.replace('tasks', [['task', docs]]);
      tx.setCheckpoint('tasks', { position: 9, version: 1 });
    });
    // ~5 MB written, over SQLite's 1,000-page threshold: without the deferral the commit would have grown the file.
    assert.ok(statSync(`${path}-wal`).size > 4_000_000, 'the pages are in the WAL');
    assert.is(statSync(path).size, sizeBefore, 'the database file is not written at that commit');
    assert.is(store.reader('tasks').get<{ i: number }>('task', '012345')?.i, 12345);
    store.write((tx) => tx.docs('tasks').put('task', 'z', { i: -1 }));
    assert.ok(statSync(path).size > 4_000_000, 'the next commit checkpoints as usual');
  } finally {
    store.close();
  }
});

test("past DEFERRED_CHECKPOINT_MAX_BYTES left in the WAL, a rebuilt read model's commit copies it into the file as usual", ({ dir }) => {
  const path = join(dir, 'swarm.projections.db');
  const store = createSqliteProjectionStore(path);
  try {
    const docsOf = (n: number, tag: string): [string, string][] => Array.from({ length: n }, (_, i) => [String(i).padStart(7, '0'), JSON.stringify({ tag, text: 'y'.repeat(1_000) })]);
    const sizeBefore = statSync(path).size;
    // About a third of the bound: left in the WAL.
    store.write((tx) => tx.replace('tasks', [['task', docsOf(Math.floor(DEFERRED_CHECKPOINT_MAX_BYTES / 3 / 1_000), 'a')]]));
    assert.is(statSync(path).size, sizeBefore);
    // Another whole bound's worth: past it, so this commit checkpoints everything the WAL holds.
    store.write((tx) => tx.replace('agents', [['agents', docsOf(Math.ceil(DEFERRED_CHECKPOINT_MAX_BYTES / 1_000), 'b')]]));
    assert.ok(statSync(path).size > DEFERRED_CHECKPOINT_MAX_BYTES * 1.3, `the file holds both read models (${statSync(path).size} bytes)`);
    // And the count starts again: the next rebuilt read model is deferred.
    const sizeAfter = statSync(path).size;
    store.write((tx) => tx.replace('locks', [['locks', docsOf(2_000, 'c')]]));
    assert.is(statSync(path).size, sizeAfter);
  } finally {
    store.close();
  }
});

test.run();
