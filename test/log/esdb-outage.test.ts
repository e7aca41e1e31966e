// Subscriptions outlive an outage of the log (issue M point 5): the node goes away for 10 s (a restart, a leader
// election) and comes back with what it had committed; every subscriber reopens with backoff from where it was, and
// delivers what was appended meanwhile and afterwards once each, in order.
import { randomUUID } from 'node:crypto';
import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventData, RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore, Subscription, SubscriptionMessage } from '../../domain/log/event-store.js';
import { createEsdbEventStore } from '../../infra/log/esdb/esdb-event-store.js';
import { reopenPauseMs } from '../../infra/log/esdb/esdb-subscription.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { startEsdbEmulator, type EsdbEmulator } from '../fakes/esdb-emulator/emulator-server.js';

const metadata = { correlationId: 'c', causationId: 'c', actor: { kind: 'agent' as const, id: 'tester' }, at: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const event = (i: number): EventData => ({ id: newEventId(), type: 'Counted', data: { i }, metadata });

const append = async (store: EventStore, stream: string, from: number, to: number) => {
  const appended = await store.append(stream, Array.from({ length: to - from }, (_, k) => event(from + k)));
  if (isLeft(appended)) throw new Error(`append refused: ${JSON.stringify(appended.left)}`);
};

/** Reads a subscription in the background, keeping every event it delivers. */
const collecting = (sub: Subscription) => {
  const events: RecordedEvent[] = [];
  let failure: unknown;
  let caughtUp = false;
  const done = (async () => {
    try {
      for await (const m of sub as AsyncIterable<SubscriptionMessage>) {
        if (m.kind === 'event') events.push(m.event);
        else caughtUp = true;
      }
    } catch (error) {
      failure = error;
    }
  })();
  return { events, failed: () => failure, isCaughtUp: () => caughtUp, done };
};

const waitFor = async (what: string, holds: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const numbers = (events: readonly RecordedEvent[]) => events.map((e) => (e.data as { i: number }).i);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

test('the reopen pause grows with each failure in a row, up to 5 s, and never gives up', () => {
  assert.equal([1, 2, 3, 4, 5, 6, 50].map(reopenPauseMs), [200, 400, 800, 1600, 3200, 5000, 5000]);
});

test('subscribers outlive the log going away for 10 s: nothing lost, nothing delivered twice', async () => {
  let emulator: EsdbEmulator = await startEsdbEmulator();
  const { log, port } = emulator;
  const store = createEsdbEventStore(emulator.connectionString);
  const stream = `outage-${randomUUID().slice(0, 8)}`;
  const all = collecting(store.subscribeToAll({ filter: { streamPrefixes: [stream] } }));
  const one = collecting(store.subscribeToStream(stream));
  try {
    await append(store, stream, 0, 3);
    await waitFor('the first events', () => all.events.length === 3 && one.events.length === 3);
    await emulator.stop();
    await new Promise((r) => setTimeout(r, 10_000));
    assert.is(all.failed(), undefined, 'still subscribed while the log is away');
    assert.is(one.failed(), undefined, 'still subscribed while the log is away');
    emulator = await startEsdbEmulator({ log, port });
    // Appended as soon as the node is back, likely before the subscribers have reopened: they catch up from where they were.
    const writer = createEsdbEventStore(emulator.connectionString);
    await append(writer, stream, 3, 6);
    await waitFor('the events appended after the outage', () => all.events.length >= 6 && one.events.length >= 6);
    await append(writer, stream, 6, 8);
    await waitFor('live events after the reopen', () => all.events.length >= 8 && one.events.length >= 8);
    await new Promise((r) => setTimeout(r, 300)); // anything repeated would arrive now
    assert.equal(numbers(all.events), range(8));
    assert.equal(numbers(one.events), range(8));
    assert.is(all.failed(), undefined);
    assert.is(one.failed(), undefined);
    await writer.close();
  } finally {
    await store.close();
    await emulator.stop();
  }
});

test('a subscriber opened while the log is away waits for it, then reads its history and goes live', async () => {
  let emulator: EsdbEmulator = await startEsdbEmulator();
  const { log, port } = emulator;
  const stream = `away-${randomUUID().slice(0, 8)}`;
  const writer = createEsdbEventStore(emulator.connectionString);
  await append(writer, stream, 0, 3);
  await writer.close();
  await emulator.stop();
  const store = createEsdbEventStore(emulator.connectionString);
  const all = collecting(store.subscribeToAll({ filter: { streamPrefixes: [stream] } }));
  const one = collecting(store.subscribeToStream(stream));
  try {
    await new Promise((r) => setTimeout(r, 3_000));
    assert.is(all.failed(), undefined, 'waiting, not failed');
    assert.is(one.failed(), undefined, 'waiting, not failed');
    emulator = await startEsdbEmulator({ log, port });
    await waitFor('history and the caught-up signal', () => all.isCaughtUp() && one.isCaughtUp());
    await append(store, stream, 3, 5);
    await waitFor('live events', () => all.events.length >= 5 && one.events.length >= 5);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(numbers(all.events), range(5));
    assert.equal(numbers(one.events), range(5));
  } finally {
    await store.close();
    await emulator.stop();
  }
  await Promise.all([all.done, one.done]);
  assert.is(all.failed(), undefined);
});

test.run();
