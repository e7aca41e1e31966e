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
import { catchUpWhenMoved } from '../../projections/engine/catch-up-when-moved.js';
import type { DocWriter, Projection, ProjectionStore } from '../../projections/engine/projection.js';

// What a process that catches up before every event it handles (the process managers, the swarm's follower) pays
// when there is nothing new: projections/engine/catch-up-when-moved.ts and catchUp's own reads of the checkpoints.

const meta = { correlationId: 'c', causationId: 'c', actor: { kind: 'system' as const, id: 'test' }, at: '2026-12-05T00:00:00.000Z', schemaVersion: 1 };

const tally = (name: string): Projection => ({
  name,
  version: 1,
  eventTypes: ['Ticked'],
  apply: (docs: DocWriter, e: RecordedEvent) => docs.put('n', 'all', (docs.get<number>('n', 'all') ?? 0) + 1),
});
const projections = [tally('a'), tally('b'), tally('c')];

/** The store, counting the checkpoints read through it (each is a query on SQLite). */
const counting = (store: ProjectionStore) => {
  const reads = { n: 0 };
  const counted: ProjectionStore = new Proxy(store, {
    get: (target, key) => (key === 'checkpoint' ? (name: string) => (reads.n++, target.checkpoint(name)) : Reflect.get(target, key)),
  });
  return { store: counted, reads };
};

const test = suite<{ dir: string; log: EventStore; store: ProjectionStore }>('catching up often');
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-often-'));
  ctx.log = createSqliteEventStore({ path: join(ctx.dir, 'swarm.db') });
  ctx.store = createSqliteProjectionStore(join(ctx.dir, 'projections.db'));
});
test.after.each(async (ctx) => {
  ctx.store.close();
  await ctx.log.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

const tick = (log: EventStore, n = 1) => log.append('clock', Array.from({ length: n }, () => ({ id: newEventId(), type: 'Ticked', data: {}, metadata: meta })));

test('a catch-up with nothing to fold reads each checkpoint once', async ({ log, store }) => {
  await tick(log, 3);
  await catchUp(log, store, projections);
  const { store: counted, reads } = counting(store);
  await catchUp(log, counted, projections);
  assert.is(reads.n, projections.length);
  await tick(log);
  await catchUp(log, counted, projections);
  assert.is(store.reader('a').get('n', 'all'), 4, 'a batch after a fold from 0 still folds what is new');
});

test('catchUpWhenMoved folds what landed since, and reads no checkpoint while the head stays put', async ({ log, store }) => {
  await tick(log, 2);
  const { store: counted, reads } = counting(store);
  const caughtUp = catchUpWhenMoved(log, counted, projections);
  await caughtUp();
  assert.is(store.reader('b').get('n', 'all'), 2);
  const before = reads.n;
  for (let i = 0; i < 5; i++) await caughtUp();
  assert.is(reads.n, before, 'nothing new: no checkpoint read');
  await tick(log);
  await caughtUp();
  assert.ok(reads.n > before, 'the head moved: caught up');
  for (const p of projections) assert.is(store.reader(p.name).get('n', 'all'), 3, p.name);
});

test('catchUpWhenMoved after another process folded the new events: nothing is folded twice', async ({ log, store }) => {
  await tick(log, 2);
  const caughtUp = catchUpWhenMoved(log, store, projections);
  await caughtUp();
  // Another process appends and folds: the head moves, so this one catches up (finding nothing left to fold).
  await tick(log);
  await catchUp(log, store, projections);
  await caughtUp();
  assert.is(store.reader('c').get('n', 'all'), 3);
});

test.run();
