// One conformance suite for every adapter of the log port (SPEC §2.1). It runs unchanged against the embedded
// SQLite store and the EventStoreDB adapter (emulator in CI, a real server when ESDB_URL is set). Every test works
// on streams with a fresh unique prefix, so the suite can share one log (a real server cannot be reset).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventData, RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore, Subscription, SubscriptionMessage } from '../../domain/log/event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';

export interface ConformanceTarget {
  /** A `SWARM_STORE` value child processes can open. */
  readonly storeUrl: string;
  /** Opens a new connection to the same log. */
  open(): Promise<EventStore>;
  /** Releases what the target started (servers, temp dirs). */
  dispose(): Promise<void>;
}

const workerPath = fileURLToPath(new URL('../fixtures/log-worker.ts', import.meta.url));

const metadata = (extra: Partial<EventData['metadata']> = {}) => ({
  correlationId: 'corr-1',
  causationId: 'cause-1',
  actor: { kind: 'agent' as const, id: 'hunter' },
  at: '2026-11-24T00:00:00.000Z',
  schemaVersion: 1,
  ...extra,
});

const event = (type = 'Happened', data: unknown = { n: 1 }): EventData => ({ id: newEventId(), type, data, metadata: metadata() });

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

/** Pulls messages from a subscription until `until` says stop (or a generous timeout: a hang must fail, not block CI). */
const take = async (sub: Subscription, until: (seen: SubscriptionMessage[]) => boolean, timeoutMs = 10_000) => {
  const seen: SubscriptionMessage[] = [];
  const iterator = sub[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (!until(seen)) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`subscription timed out after ${seen.length} messages`);
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), remaining))),
    ]);
    clearTimeout(timer);
    if (next === 'timeout') throw new Error(`subscription timed out after ${seen.length} messages`);
    if (next.done) break;
    seen.push(next.value);
  }
  return seen;
};

const eventsOf = (messages: SubscriptionMessage[]): RecordedEvent[] =>
  messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));

interface Worker {
  readonly done: Promise<{ wins: number[]; losses: number; positions: number[]; errors: string[] }>;
  go(): void;
}

const startWorker = (storeUrl: string, mode: 'race' | 'any', stream: string, count: number): Promise<Worker> =>
  new Promise((resolveReady, rejectReady) => {
    const child = spawn(process.execPath, ['--import', 'tsx', workerPath, mode, stream, String(count)], {
      env: { ...process.env, SWARM_STORE: storeUrl },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let ready = false;
    const done = new Promise<Awaited<Worker['done']>>((resolveDone, rejectDone) => {
      child.on('close', (code) => {
        const last = out.trim().split('\n').pop() ?? '';
        if (code !== 0 || !last.startsWith('{')) {
          const failure = new Error(`worker exited with ${code}: ${err || out}`);
          if (!ready) rejectReady(failure);
          rejectDone(failure);
        } else resolveDone(JSON.parse(last));
      });
    });
    done.catch(() => undefined);
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      if (!ready && out.includes('ready\n')) {
        ready = true;
        resolveReady({ done, go: () => child.stdin.write('go\n') });
      }
    });
  });

export const runEventStoreConformance = (name: string, createTarget: () => Promise<ConformanceTarget>): void => {
  const test = suite<{ target: ConformanceTarget; store: EventStore }>(`${name} conformance`);
  const unique = (category: string) => `${category}-${randomUUID().slice(0, 8)}`;

  test.before(async (ctx) => {
    ctx.target = await createTarget();
    ctx.store = await ctx.target.open();
  });
  test.after(async (ctx) => {
    await ctx.store?.close();
    await ctx.target?.dispose();
  });

  // ── expected revisions ────────────────────────────────────────────────────────────────────────────────────────
  test('no_stream: creates a stream, then refuses with the actual revision', async ({ store }) => {
    const stream = unique('conf');
    const first = right(await store.append(stream, [event()], { expectedRevision: 'no_stream' }));
    assert.is(first.nextRevision, 0);
    const refused = leftOf(await store.append(stream, [event()], { expectedRevision: 'no_stream' }));
    assert.is(refused.code, 'wrong_expected_version');
    assert.equal(refused.code === 'wrong_expected_version' && refused.actual, 0);
  });

  test('exact revision: appends when it matches, refuses with the actual revision when it does not', async ({ store }) => {
    const stream = unique('conf');
    right(await store.append(stream, [event(), event()], { expectedRevision: 'no_stream' }));
    const ok = right(await store.append(stream, [event()], { expectedRevision: 1 }));
    assert.is(ok.nextRevision, 2);
    const stale = leftOf(await store.append(stream, [event()], { expectedRevision: 1 }));
    assert.equal(stale, { ...stale, code: 'wrong_expected_version', stream, expected: 1, actual: 2 });
    const ahead = leftOf(await store.append(stream, [event()], { expectedRevision: 7 }));
    assert.is(ahead.code === 'wrong_expected_version' && ahead.actual, 2);
    const missing = leftOf(await store.append(unique('conf'), [event()], { expectedRevision: 0 }));
    assert.is(missing.code === 'wrong_expected_version' && missing.actual, 'no_stream');
  });

  test('stream_exists: refuses a missing stream, appends to an existing one', async ({ store }) => {
    const stream = unique('conf');
    const refused = leftOf(await store.append(stream, [event()], { expectedRevision: 'stream_exists' }));
    assert.is(refused.code === 'wrong_expected_version' && refused.actual, 'no_stream');
    right(await store.append(stream, [event()]));
    assert.is(right(await store.append(stream, [event()], { expectedRevision: 'stream_exists' })).nextRevision, 1);
  });

  test('any: appends whatever the stream holds', async ({ store }) => {
    const stream = unique('conf');
    assert.is(right(await store.append(stream, [event()], { expectedRevision: 'any' })).nextRevision, 0);
    assert.is(right(await store.append(stream, [event(), event()], { expectedRevision: 'any' })).nextRevision, 2);
  });

  // ── idempotency ───────────────────────────────────────────────────────────────────────────────────────────────
  test('a retried append with the same ids succeeds with the original positions and writes nothing', async ({ store }) => {
    const stream = unique('conf');
    const batch = [event(), event(), event()];
    const original = right(await store.append(stream, batch, { expectedRevision: 'no_stream' }));
    right(await store.append(stream, [event()])); // the stream moves on before the retry
    const retryExact = right(await store.append(stream, batch, { expectedRevision: 'no_stream' }));
    const retryAny = right(await store.append(stream, batch, { expectedRevision: 'any' }));
    assert.equal(retryExact.positions, original.positions);
    assert.equal(retryAny.positions, original.positions);
    assert.is(retryAny.nextRevision, 2);
    const all = right(await store.readStream(stream));
    assert.is(all.length, 4);
    assert.is(new Set(all.map((e) => e.id)).size, 4);
  });

  test('a retry that partly overlaps an earlier append is refused and writes nothing', async ({ store }) => {
    const stream = unique('conf');
    const [a, b] = [event(), event()];
    right(await store.append(stream, [a, b], { expectedRevision: 'no_stream' }));
    const overlap = leftOf(await store.append(stream, [b, event()], { expectedRevision: 'any' }));
    assert.ok(overlap.code === 'idempotency_conflict' || overlap.code === 'wrong_expected_version', overlap.message);
    assert.is(right(await store.readStream(stream)).length, 2);
  });

  // ── reads ─────────────────────────────────────────────────────────────────────────────────────────────────────
  test('reads a stream forwards and backwards, from a revision, with a max count', async ({ store }) => {
    const stream = unique('conf');
    const batch = Array.from({ length: 10 }, (_, i) => event('Numbered', { i }));
    right(await store.append(stream, batch));
    const data = (events: RecordedEvent[]) => events.map((e) => (e.data as { i: number }).i);
    assert.equal(data(right(await store.readStream(stream))), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(data(right(await store.readStream(stream, { fromRevision: 3, maxCount: 4 }))), [3, 4, 5, 6]);
    assert.equal(data(right(await store.readStream(stream, { direction: 'backwards', maxCount: 3 }))), [9, 8, 7]);
    assert.equal(data(right(await store.readStream(stream, { direction: 'backwards', fromRevision: 4 }))), [4, 3, 2, 1, 0]);
    assert.equal(data(right(await store.readStream(stream, { fromRevision: 10 }))), []);
    const read = right(await store.readStream(stream, { maxCount: 1 }))[0]!;
    assert.is(read.stream, stream);
    assert.is(read.revision, 0);
    assert.is(read.id, batch[0]!.id);
    assert.is(read.type, 'Numbered');
    assert.equal(read.metadata, batch[0]!.metadata);
  });

  test('reading a missing stream fails with StreamNotFound', async ({ store }) => {
    const missing = leftOf(await store.readStream(unique('nothing')));
    assert.is(missing.code, 'stream_not_found');
  });

  test('$all is in commit order, positions match the appends, bounds are exclusive', async ({ store }) => {
    const prefix = unique('order');
    const appended: { stream: string; position: number }[] = [];
    for (let i = 0; i < 12; i++) {
      const stream = `${prefix}_${i % 3}`;
      const r = right(await store.append(stream, [event('Ordered', { i })]));
      appended.push({ stream, position: r.position });
    }
    const forwards = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
    assert.equal(forwards.map((e) => e.position), appended.map((a) => a.position));
    assert.equal(forwards.map((e) => e.stream), appended.map((a) => a.stream));
    for (let i = 1; i < forwards.length; i++) assert.ok(forwards[i]!.position > forwards[i - 1]!.position);
    const backwards = await collect(store.readAll({ direction: 'backwards', filter: { streamPrefixes: [prefix] } }));
    assert.equal(backwards.map((e) => e.position), [...appended.map((a) => a.position)].reverse());
    const after = await collect(store.readAll({ fromPosition: appended[5]!.position, filter: { streamPrefixes: [prefix] } }));
    assert.equal(after.map((e) => e.position), appended.slice(6).map((a) => a.position));
    const before = await collect(
      store.readAll({ direction: 'backwards', fromPosition: appended[5]!.position, maxCount: 2, filter: { streamPrefixes: [prefix] } }),
    );
    assert.equal(before.map((e) => e.position), [appended[4]!.position, appended[3]!.position]);
    const limited = await collect(store.readAll({ maxCount: 4, filter: { streamPrefixes: [prefix] } }));
    assert.is(limited.length, 4);
    const head = await store.headPosition();
    assert.ok(head >= appended[appended.length - 1]!.position);
  });

  test('an inclusive $all read starts at the event at its bound, forwards and backwards (never at p - 1)', async ({ store }) => {
    const prefix = unique('inclusive');
    const positions: number[] = [];
    for (let i = 0; i < 6; i++) positions.push(right(await store.append(`${prefix}_${i % 2}`, [event(i % 2 === 0 ? 'Even' : 'Odd', { i })])).position);
    const filter = { streamPrefixes: [prefix] };
    const at = await collect(store.readAll({ fromPosition: positions[2]!, inclusive: true, maxCount: 1, filter }));
    assert.equal(at.map((e) => e.position), [positions[2]]);
    const from = await collect(store.readAll({ fromPosition: positions[2]!, inclusive: true, filter }));
    assert.equal(from.map((e) => e.position), positions.slice(2));
    const down = await collect(store.readAll({ direction: 'backwards', fromPosition: positions[3]!, inclusive: true, maxCount: 3, filter }));
    assert.equal(down.map((e) => e.position), [positions[3], positions[2], positions[1]]);
    // The event at the bound is filtered like any other.
    const evens = await collect(store.readAll({ fromPosition: positions[3]!, inclusive: true, filter: { eventTypes: ['Even'] } }));
    assert.ok(evens.every((e) => e.type === 'Even' && e.position > positions[3]!));
    const oddAtBound = await collect(store.readAll({ direction: 'backwards', fromPosition: positions[3]!, inclusive: true, maxCount: 1, filter: { eventTypes: ['Odd'] } }));
    assert.equal(oddAtBound.map((e) => e.position), [positions[3]]);
  });

  test('progress is measured by the adapter between positions it handed out', async ({ store }) => {
    const stream = unique('progress');
    const first = right(await store.append(stream, [event()])).position;
    const last = right(await store.append(stream, [event(), event()])).position;
    assert.equal(store.progress(first, first, last).done, 0);
    const whole = store.progress(first, last, last);
    assert.ok(whole.total > 0 && whole.done === whole.total);
    const beyond = store.progress(0, last, first);
    assert.is(beyond.done, beyond.total, 'at is clamped to to');
    const count = await store.eventCount();
    if (count !== undefined) assert.ok(count >= 3, 'a count, when the adapter knows one, counts the events');
  });

  test('$all read in pages (where the adapter offers it) gives the same events as reading it one by one', async ({ store }) => {
    if (!store.readAllPages) return; // optional: an adapter without it is read event by event
    const prefix = unique('pages');
    for (let i = 0; i < 2500; i += 100) right(await store.append(`${prefix}_${i}`, Array.from({ length: 100 }, (_, j) => event('Paged', { i: i + j }))));
    for (const options of [{ filter: { streamPrefixes: [prefix] } }, { direction: 'backwards' as const, maxCount: 1500, filter: { streamPrefixes: [prefix] } }]) {
      const one = await collect(store.readAll(options));
      const pages: (readonly RecordedEvent[])[] = [];
      for await (const page of store.readAllPages(options)) pages.push(page);
      assert.ok(pages.length > 1 && pages.every((p) => p.length > 0), 'several pages, none empty');
      assert.equal(pages.flat(), one);
    }
  });

  test('$all filters by exact event type and by event-type prefix', async ({ store }) => {
    const tag = randomUUID().slice(0, 8);
    const stream = unique('filter');
    right(await store.append(stream, [event(`Alpha${tag}`), event(`Beta${tag}`), event(`AlphaTwo${tag}`), event(`Gamma${tag}`)]));
    const exact = await collect(store.readAll({ filter: { eventTypes: [`Alpha${tag}`, `Gamma${tag}`] } }));
    assert.equal(exact.map((e) => e.type), [`Alpha${tag}`, `Gamma${tag}`]);
    const prefixed = await collect(store.readAll({ filter: { eventTypePrefixes: [`Alpha`] } }));
    assert.equal(
      prefixed.filter((e) => e.type.endsWith(tag)).map((e) => e.type),
      [`Alpha${tag}`, `AlphaTwo${tag}`],
    );
    assert.ok(prefixed.every((e) => e.type.startsWith('Alpha')));
  });

  // ── subscriptions ─────────────────────────────────────────────────────────────────────────────────────────────
  test('a subscription to $all from the start delivers history, caughtUp, then live events in order', async ({ store }) => {
    const prefix = unique('sub');
    right(await store.append(`${prefix}_a`, [event('Old', { i: 0 }), event('Old', { i: 1 })]));
    const sub = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const history = await take(sub, (seen) => seen.some((m) => m.kind === 'caughtUp'));
    assert.equal(history.map((m) => m.kind), ['event', 'event', 'caughtUp']);
    const live = take(sub, (seen) => eventsOf(seen).length === 3);
    const appended = [
      right(await store.append(`${prefix}_b`, [event('New', { i: 2 })])),
      right(await store.append(`${prefix}_a`, [event('New', { i: 3 }), event('New', { i: 4 })])),
    ];
    const liveEvents = eventsOf(await live);
    await sub.close();
    assert.equal(liveEvents.map((e) => (e.data as { i: number }).i), [2, 3, 4]);
    assert.equal(liveEvents.map((e) => e.position), [appended[0]!.position, ...appended[1]!.positions]);
  });

  test('a subscription to $all from a middle position delivers only what follows it', async ({ store }) => {
    const prefix = unique('sub');
    const positions: number[] = [];
    for (let i = 0; i < 6; i++) positions.push(right(await store.append(`${prefix}_x`, [event('Seq', { i })])).position);
    const sub = store.subscribeToAll({ fromPosition: positions[2], filter: { streamPrefixes: [prefix] } });
    const seen = await take(sub, (s) => s.some((m) => m.kind === 'caughtUp'));
    await sub.close();
    assert.equal(eventsOf(seen).map((e) => (e.data as { i: number }).i), [3, 4, 5]);
  });

  test('a subscription from the end delivers only live events', async ({ store }) => {
    const prefix = unique('sub');
    right(await store.append(`${prefix}_x`, [event('Before')]));
    const sub = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [prefix] } });
    await take(sub, (s) => s.some((m) => m.kind === 'caughtUp'));
    const live = take(sub, (s) => eventsOf(s).length === 1);
    right(await store.append(`${prefix}_x`, [event('After')]));
    const seen = eventsOf(await live);
    await sub.close();
    assert.equal(seen.map((e) => e.type), ['After']);
  });

  test('a subscription to one stream delivers its history from a revision, then live events', async ({ store }) => {
    const stream = unique('one');
    right(await store.append(stream, [event('S', { i: 0 }), event('S', { i: 1 }), event('S', { i: 2 })]));
    right(await store.append(unique('other'), [event('Noise')]));
    const fromStart = store.subscribeToStream(stream);
    const startSeen = await take(fromStart, (s) => s.some((m) => m.kind === 'caughtUp'));
    assert.equal(eventsOf(startSeen).map((e) => e.revision), [0, 1, 2]);
    const fromMiddle = store.subscribeToStream(stream, { fromRevision: 0 });
    const middleSeen = await take(fromMiddle, (s) => s.some((m) => m.kind === 'caughtUp'));
    assert.equal(eventsOf(middleSeen).map((e) => e.revision), [1, 2]);
    const live = take(fromMiddle, (s) => eventsOf(s).length === 1);
    right(await store.append(stream, [event('S', { i: 3 })]));
    assert.equal(eventsOf(await live).map((e) => e.revision), [3]);
    await fromStart.close();
    await fromMiddle.close();
  });

  test('a subscriber sees an append made by another connection', async ({ store, target }) => {
    const prefix = unique('cross');
    const other = await target.open();
    const sub = store.subscribeToAll({ fromPosition: 'end', filter: { streamPrefixes: [prefix] } });
    await take(sub, (s) => s.some((m) => m.kind === 'caughtUp'));
    const live = take(sub, (s) => eventsOf(s).length === 1);
    right(await other.append(`${prefix}_x`, [event('FromElsewhere')]));
    assert.equal(eventsOf(await live).map((e) => e.type), ['FromElsewhere']);
    await sub.close();
    await other.close();
  });

  test('a checkpoint survives a restart and the subscription resumes after it', async ({ target }) => {
    const prefix = unique('ckpt');
    const subscriber = unique('projection');
    const first = await target.open();
    const positions: number[] = [];
    for (let i = 0; i < 4; i++) positions.push(right(await first.append(`${prefix}_x`, [event('C', { i })])).position);
    assert.is(await first.checkpoints.load(subscriber), undefined);
    await first.checkpoints.save(subscriber, positions[1]!);
    await first.checkpoints.save(subscriber, positions[2]!);
    await first.close();
    const second = await target.open();
    const resumeAt = await second.checkpoints.load(subscriber);
    assert.is(resumeAt, positions[2]);
    const sub = second.subscribeToAll({ fromPosition: resumeAt, filter: { streamPrefixes: [prefix] } });
    const seen = await take(sub, (s) => s.some((m) => m.kind === 'caughtUp'));
    await sub.close();
    await second.close();
    assert.equal(eventsOf(seen).map((e) => (e.data as { i: number }).i), [3]);
  });

  // ── payloads ──────────────────────────────────────────────────────────────────────────────────────────────────
  test('large and unicode payloads round-trip unchanged', async ({ store }) => {
    const stream = unique('payload');
    const big = { blob: 'x'.repeat(1024 * 1024), list: Array.from({ length: 2000 }, (_, i) => ({ i, s: `item ${i}` })) };
    const unicode = {
      text: 'héllo wörld — ünïcödé ✓ 🚀🐝 你好，世界 مرحبا \u2028\u2029 e\u0301 \u0000 "quotes" \\back\\',
      nested: { '键': ['値', '🔑'] },
    };
    const e1 = event('Big', big);
    const e2 = { ...event('Unicodé✓', unicode), metadata: metadata({ actor: { kind: 'human', id: 'Zoë 👩‍💻' } }) };
    right(await store.append(stream, [e1, e2]));
    const [readBig, readUnicode] = right(await store.readStream(stream));
    assert.equal(readBig!.data, big);
    assert.equal(readUnicode!.data, unicode);
    assert.is(readUnicode!.type, 'Unicodé✓');
    assert.equal(readUnicode!.metadata.actor, { kind: 'human', id: 'Zoë 👩‍💻' });
  });

  // ── many OS processes ─────────────────────────────────────────────────────────────────────────────────────────
  test('processes racing at the same exact revision: exactly one winner per revision, the others get WrongExpectedVersion', async ({
    store,
    target,
  }) => {
    const stream = unique('race');
    const revisions = 40;
    const workers = await Promise.all(Array.from({ length: 4 }, () => startWorker(target.storeUrl, 'race', stream, revisions)));
    workers.forEach((w) => w.go());
    const results = await Promise.all(workers.map((w) => w.done));
    const errors = results.flatMap((r) => r.errors);
    assert.equal(errors, []);
    const wins = results.flatMap((r) => r.wins).sort((a, b) => a - b);
    assert.equal(wins, Array.from({ length: revisions }, (_, i) => i), 'each revision won exactly once');
    assert.ok(results.reduce((n, r) => n + r.losses, 0) > 0, 'the workers really raced');
    const events = right(await store.readStream(stream));
    assert.is(events.length, revisions);
    assert.equal(events.map((e) => e.revision), wins);
  });

  test('processes appending at once lose nothing, duplicate nothing, and surface no busy errors', async ({ store, target }) => {
    const stream = unique('many');
    const perWorker = 50;
    const workers = await Promise.all(Array.from({ length: 4 }, () => startWorker(target.storeUrl, 'any', stream, perWorker)));
    workers.forEach((w) => w.go());
    const results = await Promise.all(workers.map((w) => w.done));
    assert.equal(results.flatMap((r) => r.errors), []);
    const positions = results.flatMap((r) => r.positions);
    assert.is(new Set(positions).size, 4 * perWorker);
    const events = right(await store.readStream(stream));
    assert.is(events.length, 4 * perWorker);
    assert.equal(events.map((e) => e.revision), Array.from({ length: 4 * perWorker }, (_, i) => i));
    assert.equal([...events.map((e) => e.position)].sort((a, b) => a - b), [...positions].sort((a, b) => a - b));
  });

  test.run();
};
