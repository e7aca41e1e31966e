// The EventStoreDB adapter against what a real server does besides answering: the client's production append path
// (BatchAppend), write timeouts against the deadline the client sets, appends whose answer is lost (committed or
// not), a node stopped and started again mid-append, NotLeader from a follower, a stream deleted for good, and the
// append size limits by server version. All through the real client against the emulator; the emulator's stats show
// which call the client used and whether anything reached the node.
import { randomUUID } from 'node:crypto';
import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventData, RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { createEsdbEventStore } from '../../infra/log/esdb/esdb-event-store.js';
import { followUpEventId, newEventId } from '../../infra/log/event-ids.js';
import { startEsdbEmulator, type EsdbEmulator, type EsdbEmulatorOptions } from '../fakes/esdb-emulator/emulator-server.js';
import { makeTestCertificates } from '../fakes/esdb-emulator/test-certificates.js';

const metadata = { correlationId: 'c', causationId: 'c', actor: { kind: 'human' as const, id: 'ops' }, at: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const unique = (category: string) => `${category}-${randomUUID().slice(0, 8)}`;
const events = (count: number, from = 0): EventData[] =>
  Array.from({ length: count }, (_, i) => ({ id: newEventId(), type: 'Happened', data: { i: from + i }, metadata }));
const right = <E, A>(e: Either<E, A>): A => {
  if (isLeft(e)) throw new Error(`expected success, got ${JSON.stringify(e.left)}`);
  return e.right;
};
const storedIds = async (store: EventStore, stream: string): Promise<string[]> => right(await store.readStream(stream)).map((e: RecordedEvent) => e.id);
const failureOf = (promise: Promise<unknown>): Promise<{ code?: string; message: string }> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: { code?: string; message: string }) => error,
  );

/** An emulator and a store on it (connection string options appended), both closed after `body`. */
const withNode = async (
  options: EsdbEmulatorOptions,
  query: string,
  body: (emulator: EsdbEmulator, store: EventStore) => Promise<void>,
): Promise<void> => {
  const emulator = await startEsdbEmulator(options);
  const store = createEsdbEventStore(`${emulator.connectionString}${query}`);
  try {
    await body(emulator, store);
  } finally {
    await store.close();
    await emulator.stop();
  }
};

test('appends go through BatchAppend, the production path, when the node offers it; through Append when it does not', async () => {
  await withNode({}, '', async (emulator, store) => {
    const stream = unique('batch');
    right(await store.append(stream, events(1)));
    right(await store.append(stream, events(3, 1), { expectedRevision: 0 }));
    assert.equal(emulator.stats, { appends: 0, batchAppends: 2 });
    assert.equal((right(await store.readStream(stream)) as RecordedEvent[]).map((e) => (e.data as { i: number }).i), [0, 1, 2, 3]);
  });
  await withNode({ batchAppend: false }, '', async (emulator, store) => {
    right(await store.append(unique('plain'), events(2)));
    assert.equal(emulator.stats, { appends: 1, batchAppends: 0 });
  });
});

test('a write timeout at the deadline the client sets: read back (not written), sent again, written once', async () => {
  await withNode({}, '&defaultDeadline=1000', async (emulator, store) => {
    const stream = unique('timeout');
    const batch = events(2);
    emulator.injectAppendFault('timeout');
    const started = Date.now();
    const result = right(await store.append(stream, batch));
    assert.ok(Date.now() - started >= 900, 'the node answered Timeout at the client deadline (1 s)');
    assert.equal(await storedIds(store, stream), batch.map((e) => e.id));
    assert.is(result.nextRevision, 1);
    assert.is(emulator.stats.batchAppends, 2, 'the timed-out append, then the same append once more');
  });
});

test('a commit that lands after the timeout answer is not applied twice', async () => {
  await withNode({}, '&defaultDeadline=1000', async (emulator, store) => {
    const stream = unique('late');
    const first = events(1);
    right(await store.append(stream, first));
    const batch = events(3, 1);
    emulator.injectAppendFault('commit-after-timeout');
    right(await store.append(stream, batch, { expectedRevision: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the late commit has landed by now
    assert.equal(await storedIds(store, stream), [...first, ...batch].map((e) => e.id));
  });
});

test('committed, then the connection dropped before the answer: settled by reading back by event id, not sent again', async () => {
  await withNode({}, '', async (emulator, store) => {
    const stream = unique('dropped');
    const batch = events(2);
    emulator.injectAppendFault('commit-then-drop');
    const result = right(await store.append(stream, batch));
    assert.is(emulator.stats.batchAppends, 1, 'the read-back found the events: no second append');
    const stored = right(await store.readStream(stream));
    assert.equal(stored.map((e) => e.id), batch.map((e) => e.id));
    assert.equal(result.positions, stored.map((e) => e.position));
    // A person's command run again (its event ids are derived from the command, so they are the same) is a no-op.
    right(await store.append(stream, batch));
    assert.equal(await storedIds(store, stream), batch.map((e) => e.id));
  });
});

test('the connection dropped before the commit: read back finds nothing, the same append is sent again and written once', async () => {
  await withNode({}, '', async (emulator, store) => {
    const stream = unique('cut');
    const cause = newEventId();
    const batch = [0, 1].map((i) => ({ id: followUpEventId(cause, `step-${i}`), type: 'Happened', data: { i }, metadata }));
    emulator.injectAppendFault('drop');
    right(await store.append(stream, batch, { expectedRevision: 'no_stream' }));
    assert.equal(await storedIds(store, stream), batch.map((e) => e.id));
    assert.is(emulator.stats.batchAppends, 2);
  });
});

test('every answer lost and nothing found: append_outcome_unknown, naming the stream; a process manager redelivering its cause writes once', async () => {
  await withNode({}, '', async (emulator, store) => {
    const stream = unique('unknown');
    const cause = newEventId();
    const followUp = () => [{ id: followUpEventId(cause, 'build_product#0'), type: 'Happened', data: { i: 0 }, metadata }];
    emulator.injectAppendFault('drop', 3); // the append and both resends
    const failure = await failureOf(store.append(stream, followUp()));
    assert.is(failure.code, 'append_outcome_unknown');
    assert.match(failure.message, new RegExp(`append to ${stream} \\(first event ${followUp()[0]!.id}\\) may or may not have been written.*swarm events --stream ${stream}`));
    assert.is(emulator.stats.batchAppends, 3);
    right(await store.append(stream, followUp())); // the cause redelivered: the same id
    right(await store.append(stream, followUp())); // and once more, after it was written
    assert.equal(await storedIds(store, stream), followUp().map((e) => e.id));
  });
});

test('the node stopped mid-append and started again: the append settles once the node is back, written once', async () => {
  let emulator = await startEsdbEmulator();
  const { log, port } = emulator;
  const store = createEsdbEventStore(emulator.connectionString);
  try {
    const stream = unique('restart');
    right(await store.append(stream, events(1)));
    emulator.injectAppendFault('hold');
    const batch = events(2, 1);
    const pending = store.append(stream, batch, { expectedRevision: 0 });
    pending.catch(() => undefined); // a failure is asserted below, not left unhandled meanwhile
    await new Promise((resolve) => setTimeout(resolve, 300));
    await emulator.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    emulator = await startEsdbEmulator({ log, port });
    const result = right(await pending);
    assert.is(result.nextRevision, 2);
    assert.equal((await storedIds(store, stream)).slice(1), batch.map((e) => e.id));
  } finally {
    await store.close();
    await emulator.stop();
  }
});

test('a follower answers NotLeader with the leader endpoint: the append and its read-back go to the leader', async () => {
  const leader = await startEsdbEmulator();
  const follower = await startEsdbEmulator({ log: leader.log, followerOf: { host: '127.0.0.1', port: leader.port } });
  const store = createEsdbEventStore(follower.connectionString);
  try {
    const stream = unique('leader');
    const batch = events(2); // two events: positions are read back from the stream, on the leader
    const result = right(await store.append(stream, batch));
    assert.is(follower.stats.batchAppends, 0, 'the follower wrote nothing');
    assert.is(leader.stats.batchAppends, 1);
    assert.equal(result.positions.length, 2);
    assert.equal(await storedIds(store, stream), batch.map((e) => e.id));
  } finally {
    await store.close();
    await follower.stop();
    await leader.stop();
  }
});

test('a stream deleted for good (tombstoned) is a named store error on read and on append', async () => {
  await withNode({}, '', async (emulator, store) => {
    const stream = unique('deleted');
    right(await store.append(stream, events(1)));
    const raw = KurrentDBClient.connectionString(emulator.connectionString);
    await raw.tombstoneStream(stream);
    await raw.dispose();
    const onRead = await failureOf(store.readStream(stream));
    assert.is(onRead.code, 'stream_deleted');
    assert.match(onRead.message, new RegExp(`stream ${stream} was deleted from the log for good`));
    const onAppend = await failureOf(store.append(stream, events(1)));
    assert.is(onAppend.code, 'stream_deleted');
  });
});

test('size limits by server version, refused before sending with the limit and the size named', async () => {
  // Up to 25.0: 1 MiB per append (the node's MaxAppendSize default).
  await withNode({ serverVersion: '24.10.0' }, '', async (emulator, store) => {
    right(await store.append(unique('warm'), events(1))); // the client learns the node's version
    const before = emulator.stats.batchAppends;
    const twoHalves = [0, 1].map(() => ({ id: newEventId(), type: 'Big', data: { blob: 'x'.repeat(700_000) }, metadata }));
    const failure = await failureOf(store.append(unique('big'), twoHalves));
    assert.is(failure.code, 'append_too_large');
    assert.match(failure.message, /is 14\d{5} bytes, over the limit of 1048576 bytes \(1 MiB\) per append on server 24\.10\.0/);
    assert.is(emulator.stats.batchAppends, before, 'nothing was sent');
  });
  // From 25.1: 16 MiB per event, 256 MiB per append.
  await withNode({ serverVersion: '25.1.0', maxAppendSize: 256 * 1024 * 1024 }, '', async (emulator, store) => {
    right(await store.append(unique('warm'), events(1)));
    const before = emulator.stats.batchAppends;
    const huge = { id: newEventId(), type: 'Huge', data: { blob: 'x'.repeat(17 * 1024 * 1024) }, metadata };
    const failure = await failureOf(store.append(unique('huge'), [huge]));
    assert.is(failure.code, 'append_too_large');
    assert.match(failure.message, /an event of the append .* is 17\d{6} bytes, over the limit of 16777216 bytes \(16 MiB\) per event on server 25\.1\.0/);
    assert.is(emulator.stats.batchAppends, before, 'nothing was sent');
    // 2 MiB is over the old default and well within 25.1's limits.
    right(await store.append(unique('fine'), [{ id: newEventId(), type: 'Big', data: { blob: 'x'.repeat(2 * 1024 * 1024) }, metadata }]));
  });
  // A node that does not say its version: the node's own refusal, reported the same way.
  await withNode({ serverVersion: '' }, '', async (emulator, store) => {
    const failure = await failureOf(store.append(unique('big'), [{ id: newEventId(), type: 'Big', data: { blob: 'x'.repeat(1_100_000) }, metadata }]));
    assert.is(failure.code, 'append_too_large');
    assert.match(failure.message, /over the limit of 1048576 bytes \(1 MiB\) per append on this server \(its MaxAppendSize\)/);
    assert.is(emulator.stats.batchAppends, 1, 'sent, and refused by the node');
  });
});

test('a secure node: TLS checked against the cluster CA, user and password from the connection string on every call', async () => {
  const certificates = makeTestCertificates();
  const user = { username: 'swarm', password: 'S3cret' };
  const emulator = await startEsdbEmulator({ tls: { cert: certificates.nodeCert, key: certificates.nodeKey }, user });
  const address = `127.0.0.1:${emulator.port}?tls=true&tlsCAFile=${certificates.caFile}`;
  const store = createEsdbEventStore(`kurrentdb://swarm:S3cret@${address}`);
  const intruder = createEsdbEventStore(`kurrentdb://swarm:wrong@${address}`);
  try {
    const stream = unique('secure');
    const batch = events(2);
    right(await store.append(stream, batch)); // BatchAppend and the read-back (the native read path) both authenticated
    assert.equal(await storedIds(store, stream), batch.map((e) => e.id));
    assert.is(emulator.stats.batchAppends, 1);
    const refused = await failureOf(intruder.append(stream, events(1)));
    assert.match(refused.message, /access|denied/i);
    assert.equal(await storedIds(store, stream), batch.map((e) => e.id), 'nothing written without the right password');
  } finally {
    await intruder.close();
    await store.close();
    await emulator.stop();
    certificates.remove();
  }
});

test('a node that lets in only clients with a certificate from its CA: userCertFile and userKeyFile in the connection string', async () => {
  const certificates = makeTestCertificates();
  const emulator = await startEsdbEmulator({ tls: { cert: certificates.nodeCert, key: certificates.nodeKey, clientCa: certificates.ca } });
  const address = `127.0.0.1:${emulator.port}?tls=true&tlsCAFile=${certificates.caFile}`;
  const store = createEsdbEventStore(`kurrentdb://${address}&userCertFile=${certificates.userCertFile}&userKeyFile=${certificates.userKeyFile}`);
  const stranger = createEsdbEventStore(`kurrentdb://${address}&defaultDeadline=3000`);
  try {
    const stream = unique('certified');
    const batch = events(2);
    right(await store.append(stream, batch)); // BatchAppend over grpc-js and the read-back over the native bridge
    assert.equal(await storedIds(store, stream), batch.map((e) => e.id));
    await failureOf(stranger.readStream(stream)); // no certificate: the TLS handshake fails
    assert.is(emulator.stats.batchAppends, 1);
  } finally {
    await stranger.close();
    await store.close();
    await emulator.stop();
    certificates.remove();
  }
});

test.run();
