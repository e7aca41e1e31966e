import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';
import type { DocWriter, Projection } from '../../projections/engine/projection.js';

const meta = (at = '2026-11-24T00:00:00.000Z') => ({
  correlationId: 'c',
  causationId: 'c',
  actor: { kind: 'system' as const, id: 'test' },
  at,
  schemaVersion: 1,
});

/** Counts `Ticked` events per stream, and keeps an ordered index of streams by count. */
const counter = (version = 1): Projection => ({
  name: 'counter',
  version,
  eventTypes: ['Ticked'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    const prev = docs.get<{ stream: string; n: number }>('counts', e.stream);
    const n = (prev?.n ?? 0) + 1;
    if (prev) docs.delete('by-count', `${String(prev.n).padStart(6, '0')}|${e.stream}`);
    docs.put('counts', e.stream, { stream: e.stream, n, lastPosition: e.position });
    docs.put('by-count', `${String(n).padStart(6, '0')}|${e.stream}`, { stream: e.stream, n });
  },
});

const test = suite<{ dir: string; log: EventStore }>('projection engine');
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-proj-'));
  ctx.log = createSqliteEventStore({ path: join(ctx.dir, 'swarm.db') });
});
test.after.each(async (ctx) => {
  await ctx.log.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

const tick = (log: EventStore, stream: string, type = 'Ticked', at?: string) =>
  log.append(stream, [{ id: newEventId(), type, data: {}, metadata: meta(at) }]);

test('catch-up folds every event appended before it, and only the event types the projection handles', async ({ log, dir }) => {
  await tick(log, 'a-1');
  await tick(log, 'a-1');
  await tick(log, 'b-1');
  await tick(log, 'b-1', 'Ignored');
  const store = createSqliteProjectionStore(join(dir, 'p.db'));
  const result = await catchUp(log, store, [counter()]);
  assert.is(result.applied, 3);
  assert.equal(store.reader('counter').get('counts', 'a-1'), { stream: 'a-1', n: 2, lastPosition: 2 });
  assert.equal(store.reader('counter').get<{ n: number }>('counts', 'b-1')?.n, 1);
  assert.is(store.checkpoint('counter')?.position, 4);
  store.close();
});

test('catching up again applies nothing twice (redelivery is harmless)', async ({ log, dir }) => {
  for (let i = 0; i < 5; i++) await tick(log, 'a-1');
  const store = createSqliteProjectionStore(join(dir, 'p.db'));
  await catchUp(log, store, [counter()]);
  const again = await catchUp(log, store, [counter()]);
  assert.is(again.applied, 0);
  assert.is(store.reader('counter').get<{ n: number }>('counts', 'a-1')?.n, 5);
  store.close();
});

test('a rebuilt projection deep-equals the live one, and memory and SQLite stores agree', async ({ log, dir }) => {
  const live = createSqliteProjectionStore(join(dir, 'live.db'));
  for (let i = 0; i < 30; i++) {
    await tick(log, `s-${i % 4}`);
    if (i % 7 === 0) await catchUp(log, live, [counter()]);
  }
  await catchUp(log, live, [counter()]);
  const rebuilt = createSqliteProjectionStore(join(dir, 'rebuilt.db'));
  await catchUp(log, rebuilt, [counter()], { batchSize: 3 });
  const memory = createMemoryProjectionStore();
  await catchUp(log, memory, [counter()]);
  assert.equal(rebuilt.dump('counter'), live.dump('counter'));
  assert.equal(memory.dump('counter'), live.dump('counter'));
  live.close();
  rebuilt.close();
});

test('upTo and untilTime fold the log as of a past position or time', async ({ log }) => {
  await tick(log, 'a-1', 'Ticked', '2026-11-01T00:00:00.000Z');
  await tick(log, 'a-1', 'Ticked', '2026-11-02T00:00:00.000Z');
  await tick(log, 'a-1', 'Ticked', '2026-11-03T00:00:00.000Z');
  const byPosition = createMemoryProjectionStore();
  await catchUp(log, byPosition, [counter()], { upTo: 2 });
  assert.is(byPosition.reader('counter').get<{ n: number }>('counts', 'a-1')?.n, 2);
  const byTime = createMemoryProjectionStore();
  await catchUp(log, byTime, [counter()], { untilTime: '2026-11-01T12:00:00.000Z' });
  assert.is(byTime.reader('counter').get<{ n: number }>('counts', 'a-1')?.n, 1);
});

test('a new projection version rebuilds from position 0', async ({ log, dir }) => {
  await tick(log, 'a-1');
  const store = createSqliteProjectionStore(join(dir, 'p.db'));
  await catchUp(log, store, [counter(1)]);
  store.write((tx) => tx.docs('counter').put('counts', 'stale', { stream: 'stale', n: 99 }));
  await catchUp(log, store, [counter(2)]);
  assert.is(store.reader('counter').get('counts', 'stale'), undefined);
  assert.is(store.checkpoint('counter')?.version, 2);
  assert.is(store.reader('counter').get<{ n: number }>('counts', 'a-1')?.n, 1);
  store.close();
});

test('ordered index collections are read a page at a time, by key prefix', async ({ log, dir }) => {
  for (const [stream, n] of [['x', 3], ['y', 1], ['z', 2]] as const) for (let i = 0; i < n; i++) await tick(log, stream);
  const sqlite = createSqliteProjectionStore(join(dir, 'p.db'));
  const memory = createMemoryProjectionStore();
  for (const store of [sqlite, memory]) {
    await catchUp(log, store, [counter()]);
    const reader = store.reader('counter');
    assert.equal(reader.page<{ stream: string }>('by-count', { limit: 2 }).map((d) => d.stream), ['y', 'z']);
    assert.equal(reader.page<{ stream: string }>('by-count', { prefix: '000003' }).map((d) => d.stream), ['x']);
    assert.is(reader.count('by-count'), 3);
    assert.is(reader.count('by-count', '00000'), 3);
  }
  sqlite.close();
});

test('two stores catching up the same projection file at once apply each event once', async ({ log, dir }) => {
  for (let i = 0; i < 200; i++) await tick(log, `s-${i % 5}`);
  const path = join(dir, 'shared.db');
  const a = createSqliteProjectionStore(path);
  const b = createSqliteProjectionStore(path);
  await Promise.all([catchUp(log, a, [counter()], { batchSize: 7 }), catchUp(log, b, [counter()], { batchSize: 11 })]);
  const total = a.reader('counter').all<{ n: number }>('counts').reduce((s, d) => s + d.n, 0);
  assert.is(total, 200);
  a.close();
  b.close();
});

test('a fold from position 0 goes through memory and equals a fold in batches; a second store folding the same file meanwhile keeps what the first wrote', async ({ log, dir }) => {
  for (let i = 0; i < 120; i++) await tick(log, `s-${i % 7}`);
  const batched = createMemoryProjectionStore();
  await catchUp(log, batched, [counter()], { batchSize: 5 });
  const path = join(dir, 'shared.db');
  const a = createSqliteProjectionStore(path);
  const b = createSqliteProjectionStore(path);
  await Promise.all([catchUp(log, a, [counter()]), catchUp(log, b, [counter()])]);
  assert.equal(a.dump('counter'), batched.dump('counter'));
  assert.equal(a.checkpoint('counter'), { position: 120, version: 1 });
  const reader = a.reader('counter');
  assert.equal(reader.page<{ n: number }>('by-count', { limit: 2 }).map((d) => d.n), [17, 17]);
  await tick(log, 's-0');
  await catchUp(log, b, [counter()]);
  assert.is(b.reader('counter').get<{ n: number }>('counts', 's-0')!.n, 19);
  a.close();
  b.close();
});

test.run();
