// The overlay log of a what-if fork (infra/log/fork): the base before the fork point, then the fork's own events.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventData, RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { createOverlayEventStore } from '../../infra/log/fork/overlay-event-store.js';
import { storeCases, type LogPlace } from '../fixtures/store-cases.js';

const metadata = { correlationId: 'c', causationId: 'c', actor: { kind: 'system' as const, id: 't' }, at: '2026-12-04T00:00:00.000Z', schemaVersion: 1 };
const event = (type: string, n = 0): EventData => ({ id: newEventId(), type, data: { n }, metadata });
const ok = <E, A>(e: Either<E, A>): A => {
  if (isLeft(e)) throw new Error(JSON.stringify(e.left));
  return e.right;
};
const all = async (store: EventStore, options: Parameters<EventStore['readAll']>[0] = {}) => {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll(options)) out.push(e);
  return out;
};
const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

type Ctx = { dir: string; base: EventStore; forkAt: number; place: LogPlace; baseState: () => Promise<string> };

// On each log kind: EventStoreDB's positions are byte offsets, SQLite's are 1, 2, 3 (the fork's own positions are
// lifted above the fork point either way).
for (const store of storeCases) {
  const test = suite<Ctx>(`overlay log of a fork (${store.name})`);

  test.before.each(async (ctx) => {
    ctx.place = await store.place();
    ctx.dir = ctx.place.dir;
    ctx.base = ctx.place.openLog();
    const basePath = join(ctx.dir, 'swarm.db');
    // What "never writes the base" is checked against: the file byte for byte (SQLite), else every event with its position.
    ctx.baseState = async () =>
      store.name === 'SQLite' ? digest(basePath) : JSON.stringify((await all(ctx.base)).map((e) => [e.position, e.id, e.stream, e.revision, e.type]));
    ok(await ctx.base.append('a', [event('A0'), event('A1')]));
    ok(await ctx.base.append('b', [event('B0')]));
    ctx.forkAt = ok(await ctx.base.append('a', [event('A2-after-fork')])).position;
    ok(await ctx.base.append('c', [event('C0-after-fork')]));
  });
  test.after.each(async (ctx) => {
    await ctx.base.close();
    await ctx.place.dispose();
  });

  test('the fork sees the base strictly before the fork point, then its own events, and never writes the base', async ({ dir, base, forkAt, baseState }) => {
    const before = await baseState();
    const fork = createOverlayEventStore({ base, forkBefore: forkAt, path: join(dir, 'fork.db') });
    assert.equal((await all(fork)).map((e) => e.type), ['A0', 'A1', 'B0']);
    const appended = ok(await fork.append('a', [event('A2-in-fork')], { expectedRevision: 1 }));
    assert.is(appended.nextRevision, 2, "the stream's revisions go on from the base's");
    assert.ok(appended.position > forkAt, 'own positions come after the fork point');
    ok(await fork.append('d', [event('D0')], { expectedRevision: 'no_stream' }));
    assert.equal((await all(fork)).map((e) => e.type), ['A0', 'A1', 'B0', 'A2-in-fork', 'D0']);
    assert.equal(ok(await fork.readStream('a')).map((e) => e.type), ['A0', 'A1', 'A2-in-fork']);
    assert.ok(isLeft(await fork.readStream('c')), 'a stream made after the fork point in the base is not in the fork');
    assert.is(await fork.headPosition(), appended.position + 1);
    assert.equal((await all(base)).map((e) => e.type), ['A0', 'A1', 'B0', 'A2-after-fork', 'C0-after-fork']);
    await fork.close();
    assert.is(await baseState(), before, 'the base is what it was');
  });

  test('reads from a position, backwards and filtered span the base and the fork; positions only compare', async ({ dir, base, forkAt }) => {
    const fork = createOverlayEventStore({ base, forkBefore: forkAt, path: join(dir, 'fork.db') });
    ok(await fork.append('a', [event('X'), event('Y')]));
    const events = await all(fork);
    const positions = events.map((e) => e.position);
    assert.equal([...positions].sort((x, y) => x - y), positions);
    assert.equal((await all(fork, { fromPosition: positions[1]! })).map((e) => e.type), ['B0', 'X', 'Y']);
    assert.equal((await all(fork, { fromPosition: positions[3]!, inclusive: true })).map((e) => e.type), ['X', 'Y']);
    assert.equal((await all(fork, { direction: 'backwards' })).map((e) => e.type), ['Y', 'X', 'B0', 'A1', 'A0']);
    assert.equal((await all(fork, { direction: 'backwards', fromPosition: positions[3]! })).map((e) => e.type), ['B0', 'A1', 'A0']);
    assert.equal((await all(fork, { filter: { eventTypes: ['A1', 'Y'] } })).map((e) => e.type), ['A1', 'Y']);
    assert.equal((await all(fork, { maxCount: 4 })).map((e) => e.type), ['A0', 'A1', 'B0', 'X']);
    await fork.close();
  });

  test('appends are idempotent by id and keep optimistic concurrency across base and fork', async ({ dir, base, forkAt }) => {
    const fork = createOverlayEventStore({ base, forkBefore: forkAt, path: join(dir, 'fork.db') });
    const e = event('E');
    const first = ok(await fork.append('b', [e], { expectedRevision: 0 }));
    const again = ok(await fork.append('b', [e], { expectedRevision: 0 }));
    assert.equal(again, first, 'a retried append answers as the original did');
    const wrong = await fork.append('b', [event('F')], { expectedRevision: 0 });
    assert.ok(isLeft(wrong) && wrong.left.code === 'wrong_expected_version');
    await fork.close();
  });

  test('a subscription delivers history, says caught up, then the fork\'s new events; checkpoints are the fork\'s own', async ({ dir, base, forkAt }) => {
    const fork = createOverlayEventStore({ base, forkBefore: forkAt, path: join(dir, 'fork.db') });
    const subscription = fork.subscribeToAll();
    const seen: string[] = [];
    const done = (async () => {
      for await (const m of subscription) {
        seen.push(m.kind === 'event' ? m.event.type : 'caughtUp');
        if (seen.includes('LIVE')) break;
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    ok(await fork.append('z', [event('LIVE')]));
    await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error(`no live event: ${seen.join(',')}`)), 10_000))]);
    await subscription.close();
    assert.equal(seen, ['A0', 'A1', 'B0', 'caughtUp', 'LIVE']);
    await fork.checkpoints.save('pm-x', 7);
    assert.is(await fork.checkpoints.load('pm-x'), 7);
    assert.is(await base.checkpoints.load('pm-x'), undefined);
    await fork.close();
    assert.ok(isRight(await base.readStream('a')));
  });

  test.run();
}
