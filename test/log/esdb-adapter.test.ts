// The EventStoreDB adapter against the gRPC emulator: what the shared conformance suite does not pin down for this
// adapter — KurrentDB's idempotency rules, `$all` paging and hidden events, positions from the server, checkpoints
// in the log, the server's append size limit, and the log as a decoding boundary.
import { randomUUID } from 'node:crypto';
import { KurrentDBClient, jsonEvent } from '@kurrent/kurrentdb-client';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventData, RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore, Subscription, SubscriptionMessage } from '../../domain/log/event-store.js';
import { createEsdbEventStore } from '../../infra/log/esdb/esdb-event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { startEsdbEmulator, type EsdbEmulator } from '../fakes/esdb-emulator/emulator-server.js';

let emulator: EsdbEmulator;
let store: EventStore;

test.before(async () => {
  emulator = await startEsdbEmulator(); // the server's default 1 MiB append limit
  store = createEsdbEventStore(emulator.connectionString);
});
test.after(async () => {
  await store.close();
  await emulator.stop();
});

const metadata = { correlationId: 'c', causationId: 'c', actor: { kind: 'agent' as const, id: 'tester' }, at: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (type = 'Happened', data: unknown = { n: 1 }): EventData => ({ id: newEventId(), type, data, metadata });
const unique = (category: string) => `${category}-${randomUUID().slice(0, 8)}`;

const right = <E, A>(e: Either<E, A>): A => {
  if (isLeft(e)) throw new Error(`expected success, got ${JSON.stringify(e.left)}`);
  return e.right;
};
const leftOf = <E, A>(e: Either<E, A>): E => {
  if (isRight(e)) throw new Error(`expected a failure, got ${JSON.stringify(e.right)}`);
  return e.left;
};
const collect = async <T>(it: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};
const numbers = (events: RecordedEvent[]) => events.map((e) => (e.data as { i: number }).i);

/** Pulls messages until `until` holds; a hang fails the test instead of blocking it. */
const take = async (sub: Subscription, until: (seen: SubscriptionMessage[]) => boolean, timeoutMs = 10_000) => {
  const seen: SubscriptionMessage[] = [];
  const iterator = sub[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (!until(seen)) {
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(timer);
    if (next === 'timeout') throw new Error(`subscription timed out after ${seen.length} messages`);
    if (next.done) break;
    seen.push(next.value);
  }
  return seen;
};
const eventsOf = (messages: SubscriptionMessage[]) => messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
const caughtUp = (seen: SubscriptionMessage[]) => seen.some((m) => m.kind === 'caughtUp');

// ── expected revisions ──────────────────────────────────────────────────────────────────────────────────────────
test('each expected-revision mode appends when it holds and reports the actual revision when it does not', async () => {
  const stream = unique('rev');
  const missing = leftOf(await store.append(stream, [event()], { expectedRevision: 'stream_exists' }));
  assert.equal(missing, { ...missing, code: 'wrong_expected_version', stream, expected: 'stream_exists', actual: 'no_stream' });
  const exactOnMissing = leftOf(await store.append(stream, [event()], { expectedRevision: 3 }));
  assert.equal(exactOnMissing, { ...exactOnMissing, code: 'wrong_expected_version', expected: 3, actual: 'no_stream' });
  assert.is(right(await store.append(stream, [event()], { expectedRevision: 'no_stream' })).nextRevision, 0);
  assert.is(right(await store.append(stream, [event()], { expectedRevision: 'stream_exists' })).nextRevision, 1);
  assert.is(right(await store.append(stream, [event(), event()], { expectedRevision: 1 })).nextRevision, 3);
  assert.is(right(await store.append(stream, [event()], { expectedRevision: 'any' })).nextRevision, 4);
  assert.is(right(await store.append(stream, [event()])).nextRevision, 5);
  const noStream = leftOf(await store.append(stream, [event()], { expectedRevision: 'no_stream' }));
  assert.equal([noStream.code, noStream.code === 'wrong_expected_version' && noStream.actual], ['wrong_expected_version', 5]);
  const stale = leftOf(await store.append(stream, [event()], { expectedRevision: 2 }));
  assert.equal(stale, { ...stale, code: 'wrong_expected_version', stream, expected: 2, actual: 5 });
  const ahead = leftOf(await store.append(stream, [event()], { expectedRevision: 9 }));
  assert.equal(ahead, { ...ahead, expected: 9, actual: 5 });
  assert.ok(ahead.message.includes('revision 5'), ahead.message);
  assert.is(right(await store.readStream(stream)).length, 6);
});

// ── idempotency (KurrentDB's rules) ─────────────────────────────────────────────────────────────────────────────
test('a retried single-event append returns the original position and writes nothing', async () => {
  const stream = unique('idem');
  const once = event();
  const original = right(await store.append(stream, [once], { expectedRevision: 'no_stream' }));
  right(await store.append(stream, [event(), event()]));
  const head = await store.headPosition();
  for (const expectedRevision of ['no_stream', 'any'] as const) {
    const retry = right(await store.append(stream, [once], { expectedRevision }));
    assert.equal(retry, original);
  }
  assert.is(await store.headPosition(), head);
  assert.is(right(await store.readStream(stream)).length, 3);
});

test('a retried batch returns every original position, with an exact, stream_exists or any expectation', async () => {
  const stream = unique('idem');
  right(await store.append(stream, [event()]));
  const batch = [event(), event(), event()];
  const original = right(await store.append(stream, batch, { expectedRevision: 0 }));
  assert.is(original.positions.length, 3);
  assert.is(original.position, original.positions[2]);
  right(await store.append(stream, [event()]));
  for (const expectedRevision of [0, 'stream_exists', 'any'] as const) {
    assert.equal(right(await store.append(stream, batch, { expectedRevision })), original, String(expectedRevision));
  }
  const stored = right(await store.readStream(stream));
  assert.equal(stored.slice(1, 4).map((e) => e.position), original.positions);
  assert.is(stored.length, 5);
});

test('a retry that partly overlaps an earlier append is an IdempotencyConflict and writes nothing', async () => {
  const stream = unique('overlap');
  const [a, b] = [event(), event()];
  right(await store.append(stream, [a, b], { expectedRevision: 'no_stream' }));
  const cases = [
    { events: [b, event()], expectedRevision: 'any' as const },
    { events: [a, b, event()], expectedRevision: 'no_stream' as const },
    { events: [a, event()], expectedRevision: 'stream_exists' as const },
    { events: [b, a], expectedRevision: 'any' as const }, // the same ids in another order is not the same append
  ];
  for (const { events, expectedRevision } of cases) {
    const conflict = leftOf(await store.append(stream, events, { expectedRevision }));
    assert.is(conflict.code, 'idempotency_conflict', `${expectedRevision}: ${conflict.message}`);
    assert.is(conflict.stream, stream);
  }
  assert.equal(right(await store.readStream(stream)).map((e) => e.id), [a.id, b.id]);
});

test('a real conflict on an exact revision stays a WrongExpectedVersion, not an idempotency conflict', async () => {
  const stream = unique('conflict');
  right(await store.append(stream, [event(), event()]));
  const refused = leftOf(await store.append(stream, [event()], { expectedRevision: 0 }));
  assert.equal([refused.code, refused.code === 'wrong_expected_version' && refused.actual], ['wrong_expected_version', 1]);
});

test('on an older server (no positions for retries or stream reads) positions are still exact', async () => {
  const older = await startEsdbEmulator({ olderServer: true });
  const legacy = createEsdbEventStore(older.connectionString);
  try {
    const stream = unique('older');
    const single = event();
    const batch = [event(), event()];
    const first = right(await legacy.append(stream, [single]));
    const second = right(await legacy.append(stream, batch));
    assert.equal(right(await legacy.append(stream, [single], { expectedRevision: 'no_stream' })), first);
    assert.equal(right(await legacy.append(stream, batch, { expectedRevision: 0 })), second);
    const stored = right(await legacy.readStream(stream));
    const inAll = await collect(legacy.readAll({ filter: { streamPrefixes: [stream] } }));
    assert.equal(stored.map((e) => e.position), [...first.positions, ...second.positions]);
    assert.equal(inAll.map((e) => e.position), stored.map((e) => e.position));
  } finally {
    await legacy.close();
    await older.stop();
  }
});

// ── reads ───────────────────────────────────────────────────────────────────────────────────────────────────────
test('stream reads: directions, inclusive starting revisions, counts, and a missing stream', async () => {
  const stream = unique('read');
  right(await store.append(stream, Array.from({ length: 6 }, (_, i) => event('N', { i }))));
  assert.equal(numbers(right(await store.readStream(stream, { direction: 'backwards' }))), [5, 4, 3, 2, 1, 0]);
  assert.equal(numbers(right(await store.readStream(stream, { direction: 'backwards', fromRevision: 2, maxCount: 2 }))), [2, 1]);
  assert.equal(numbers(right(await store.readStream(stream, { fromRevision: 4 }))), [4, 5]);
  assert.equal(right(await store.readStream(stream, { fromRevision: 'end' })), []);
  assert.equal(right(await store.readStream(stream, { direction: 'backwards', fromRevision: 'start' })), []);
  assert.equal(right(await store.readStream(stream, { maxCount: 0 })), []);
  assert.is(leftOf(await store.readStream(unique('missing'), { maxCount: 0 })).code, 'stream_not_found');
  assert.is(leftOf(await store.readStream(unique('missing'), { direction: 'backwards' })).code, 'stream_not_found');
});

test('$all is in commit order across pages, with exclusive bounds both ways', async () => {
  const prefix = unique('page');
  const appended: number[] = [];
  for (let batch = 0; batch < 6; batch++) {
    const r = right(await store.append(`${prefix}_${batch % 2}`, Array.from({ length: 200 }, (_, i) => event('Paged', { i: batch * 200 + i }))));
    appended.push(...r.positions);
  }
  const forwards = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
  assert.equal(numbers(forwards), Array.from({ length: 1200 }, (_, i) => i));
  assert.equal(forwards.map((e) => e.position), appended);
  assert.ok(appended.every((p, i) => i === 0 || p > appended[i - 1]! + 1), 'positions are log offsets, not counters');
  const backwards = await collect(store.readAll({ direction: 'backwards', filter: { streamPrefixes: [prefix] } }));
  assert.equal(backwards.map((e) => e.position), [...appended].reverse());
  const after = await collect(store.readAll({ fromPosition: appended[599], maxCount: 700, filter: { streamPrefixes: [prefix] } }));
  assert.equal(numbers(after), Array.from({ length: 600 }, (_, i) => 600 + i));
  const before = await collect(store.readAll({ direction: 'backwards', fromPosition: appended[600], maxCount: 3, filter: { streamPrefixes: [prefix] } }));
  assert.equal(numbers(before), [599, 598, 597]);
  const unfiltered = await collect(store.readAll({ fromPosition: appended[1197] }));
  assert.equal(numbers(unfiltered).slice(0, 2), [1198, 1199]);
});

test('$all filters: exact event types (not regexes), type prefixes, stream prefixes', async () => {
  const tag = randomUUID().slice(0, 8);
  const stream = unique('filter');
  right(await store.append(stream, [event(`A.B${tag}`), event(`AxB${tag}`), event(`A.B${tag}Longer`), event(`Zed${tag}`)]));
  const exact = await collect(store.readAll({ filter: { eventTypes: [`A.B${tag}`, `Zed${tag}`] } }));
  assert.equal(exact.map((e) => e.type), [`A.B${tag}`, `Zed${tag}`]);
  const prefixed = await collect(store.readAll({ filter: { eventTypePrefixes: [`A.B${tag}`] } }));
  assert.equal(prefixed.map((e) => e.type), [`A.B${tag}`, `A.B${tag}Longer`]);
  assert.is((await collect(store.readAll({ filter: { streamPrefixes: [stream] } }))).length, 4);
  assert.equal(await collect(store.readAll({ filter: { eventTypes: [] } })), []);
});

test('$all never shows system events or checkpoints, and the head ignores them', async () => {
  const fresh = await startEsdbEmulator(); // a new node holds only its own system events
  const empty = createEsdbEventStore(fresh.connectionString);
  try {
    assert.is(await empty.headPosition(), 0);
    assert.equal(await collect(empty.readAll()), []);
    const written = right(await empty.append(unique('first'), [event()]));
    assert.ok(written.position > 0);
    await empty.checkpoints.save('projection', written.position);
    assert.is(await empty.headPosition(), written.position);
    const all = await collect(empty.readAll());
    assert.equal(all.map((e) => e.position), [written.position]);
    assert.equal((await collect(empty.readAll({ direction: 'backwards' }))).length, 1);
  } finally {
    await empty.close();
    await fresh.stop();
  }
});

// ── subscriptions ───────────────────────────────────────────────────────────────────────────────────────────────
test('a $all subscription delivers long history, one caughtUp at the head, then live events, each once, in order', async () => {
  const prefix = unique('catchup');
  right(await store.append(`${prefix}_a`, Array.from({ length: 700 }, (_, i) => event('H', { i }))));
  const sub = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
  const firstFew = await take(sub, (seen) => seen.length === 10);
  // Appends made while the history is being read arrive once, before or after caughtUp.
  right(await store.append(`${prefix}_b`, Array.from({ length: 50 }, (_, i) => event('H', { i: 700 + i }))));
  const rest = await take(sub, (seen) => eventsOf(seen).length === 740 && caughtUp(seen));
  const live = take(sub, (seen) => eventsOf(seen).length === 2);
  right(await store.append(`${prefix}_a`, [event('L', { i: 750 }), event('L', { i: 751 })]));
  const liveEvents = eventsOf(await live);
  await sub.close();
  const all = [...firstFew, ...rest];
  assert.is(all.filter((m) => m.kind === 'caughtUp').length, 1);
  assert.equal(numbers([...eventsOf(all), ...liveEvents]), Array.from({ length: 752 }, (_, i) => i));
  const marker = all.find((m) => m.kind === 'caughtUp')!;
  assert.ok(marker.kind === 'caughtUp' && marker.position >= eventsOf(all.slice(0, all.indexOf(marker))).at(-1)!.position);
});

test('a $all subscription filtered by event type, from a middle position, stays filtered when live', async () => {
  const tag = randomUUID().slice(0, 8);
  const stream = unique('typed');
  const positions = right(await store.append(stream, [event(`Wanted${tag}`, { i: 0 }), event(`Other${tag}`), event(`Wanted${tag}`, { i: 1 })])).positions;
  const sub = store.subscribeToAll({ fromPosition: positions[0], filter: { eventTypes: [`Wanted${tag}`] } });
  const history = await take(sub, caughtUp);
  const live = take(sub, (seen) => eventsOf(seen).length === 1);
  right(await store.append(stream, [event(`Other${tag}`), event(`Wanted${tag}`, { i: 2 })]));
  const liveEvents = eventsOf(await live);
  await sub.close();
  assert.equal(numbers(eventsOf(history)), [1]);
  assert.equal(numbers(liveEvents), [2]);
});

test('a stream subscription from the end sees only new events; close ends the iteration', async () => {
  const stream = unique('tail');
  right(await store.append(stream, [event('Old')]));
  const sub = store.subscribeToStream(stream, { fromRevision: 'end' });
  const history = await take(sub, caughtUp);
  assert.equal(history.map((m) => m.kind), ['caughtUp']);
  const live = take(sub, (seen) => eventsOf(seen).length === 1);
  right(await store.append(stream, [event('New')]));
  assert.equal(eventsOf(await live).map((e) => [e.type, e.revision]), [['New', 1]]);
  const pending = sub[Symbol.asyncIterator]().next();
  await sub.close();
  assert.equal(await pending, { done: true, value: undefined });
});

test('a subscription to a stream that does not exist yet catches up empty, then sees its first event', async () => {
  const stream = unique('later');
  const sub = store.subscribeToStream(stream);
  assert.equal((await take(sub, caughtUp)).map((m) => m.kind), ['caughtUp']);
  const live = take(sub, (seen) => eventsOf(seen).length === 1);
  right(await store.append(stream, [event('First')]));
  assert.equal(eventsOf(await live).map((e) => e.revision), [0]);
  await sub.close();
});

test('subscriptions dropped by the server are reopened from where they stopped, without gaps or repeats', async () => {
  const stream = unique('dropped');
  right(await store.append(stream, [event('S', { i: 0 })]));
  const one = store.subscribeToStream(stream);
  const all = store.subscribeToAll({ filter: { streamPrefixes: [stream] } });
  assert.equal(numbers(eventsOf(await take(one, caughtUp))), [0]);
  assert.equal(numbers(eventsOf(await take(all, caughtUp))), [0]);
  emulator.dropSubscriptions();
  right(await store.append(stream, [event('S', { i: 1 }), event('S', { i: 2 })]));
  assert.equal(numbers(eventsOf(await take(one, (seen) => eventsOf(seen).length === 2))), [1, 2]);
  assert.equal(numbers(eventsOf(await take(all, (seen) => eventsOf(seen).length === 2))), [1, 2]);
  emulator.dropSubscriptions();
  right(await store.append(stream, [event('S', { i: 3 })]));
  assert.equal(numbers(eventsOf(await take(one, (seen) => eventsOf(seen).length === 1))), [3]);
  assert.equal(numbers(eventsOf(await take(all, (seen) => eventsOf(seen).length === 1))), [3]);
  await one.close();
  await all.close();
});

// ── checkpoints ─────────────────────────────────────────────────────────────────────────────────────────────────
test('checkpoints live in the log, keep only the last save, and resume a subscription', async () => {
  const subscriber = unique('projection');
  const prefix = unique('resume');
  const positions = right(await store.append(`${prefix}_x`, [event('C', { i: 0 }), event('C', { i: 1 }), event('C', { i: 2 })])).positions;
  assert.is(await store.checkpoints.load(subscriber), undefined);
  for (const p of positions.slice(0, 2)) await store.checkpoints.save(subscriber, p);
  const other = createEsdbEventStore(emulator.connectionString);
  const resumeAt = await other.checkpoints.load(subscriber);
  assert.is(resumeAt, positions[1]);
  const stored = right(await other.readStream(`checkpoint-${subscriber}`));
  assert.is(stored.length, 1, 'the checkpoint stream is capped to its last event');
  const sub = other.subscribeToAll({ fromPosition: resumeAt });
  const seen = await take(sub, caughtUp);
  await sub.close();
  await other.close();
  assert.equal(eventsOf(seen).map((e) => e.stream), [`${prefix}_x`], 'no checkpoint events in $all');
  assert.equal(numbers(eventsOf(seen)), [2]);
});

// ── payloads and limits ─────────────────────────────────────────────────────────────────────────────────────────
test('a 1 MB payload and unicode round-trip within the server default append size', async () => {
  const stream = unique('payload');
  const big = { blob: 'é'.repeat(500_000) }; // 1,000,000 bytes of UTF-8
  const unicode = { text: '🚀🐝 你好 مرحبا \u2028 e\u0301 \u0000', key: { '键': '値' } };
  right(await store.append(stream, [event('Big', big)]));
  right(await store.append(stream, [event('Ünïcödé✓', unicode)]));
  const [readBig, readUnicode] = right(await store.readStream(stream));
  assert.equal(readBig!.data, big);
  assert.equal([readUnicode!.type, readUnicode!.data], ['Ünïcödé✓', unicode]);
});

test('an append over the server limit throws a clear error and writes nothing', async () => {
  const stream = unique('toolarge');
  try {
    await store.append(stream, [event('Huge', { blob: 'x'.repeat(1_100_000) })]);
    assert.unreachable('the append should have been refused');
  } catch (error) {
    // Refused before sending: the node's version is known, and up to 25.0 an append may carry 1 MiB.
    assert.is((error as { code?: string }).code, 'append_too_large');
    assert.match((error as Error).message, /is \d+ bytes, over the limit of 1048576 bytes \(1 MiB\) per append on server 24\.10\.0/);
  }
  assert.is(leftOf(await store.readStream(stream)).code, 'stream_not_found');
});

// ── the log is a boundary ───────────────────────────────────────────────────────────────────────────────────────
test('an event that is not a swarmlog event is refused on read, not passed on', async () => {
  const stream = unique('foreign');
  const raw = KurrentDBClient.connectionString(emulator.connectionString);
  await raw.appendToStream(stream, jsonEvent({ type: 'Foreign', data: { x: 1 }, metadata: { who: 'someone else' } }));
  await raw.dispose();
  const outcome = await store.readStream(stream).then(
    () => 'read',
    (error: Error) => error.message,
  );
  assert.match(outcome, /not a swarmlog event/);
});

test('a live subscription that meets a foreign event fails with it at once instead of retrying', async () => {
  const stream = unique('foreign');
  const sub = store.subscribeToStream(stream);
  await take(sub, caughtUp);
  const raw = KurrentDBClient.connectionString(emulator.connectionString);
  await raw.appendToStream(stream, jsonEvent({ type: 'Foreign', data: { x: 1 } }));
  await raw.dispose();
  const started = Date.now();
  const outcome = await take(sub, (seen) => seen.length === 1, 2_000).then(
    () => 'delivered',
    (error: Error) => error.message,
  );
  assert.match(outcome, /not a swarmlog event/);
  assert.ok(Date.now() - started < 1_000, 'no reconnect attempts for a bad event');
  await sub.close();
});

test.run();
