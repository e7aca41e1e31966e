// The log's health as `swarm up` watches it (issue M point 5): the time an outage started is kept until the log
// answers again, a probe gives up after its timeout, and a watch over a real EventStoreDB client (the emulator)
// sees the node go and come back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createEsdbEventStore } from '../../infra/log/esdb/esdb-event-store.js';
import { afterProbe, probeLog, reachableLog, watchLogHealth, type LogHealth } from '../../processes/health/log-health.js';
import { startEsdbEmulator } from '../fakes/esdb-emulator/emulator-server.js';

const waitUntil = async (what: string, holds: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!holds()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

test('an outage keeps the time it started until the log answers again', () => {
  const down = afterProbe(reachableLog, { ok: false, error: 'UNAVAILABLE' }, '2026-12-04T10:00:00.000Z');
  assert.equal(down, { reachable: false, unreachableSince: '2026-12-04T10:00:00.000Z', error: 'UNAVAILABLE' });
  const still = afterProbe(down, { ok: false, error: 'no answer within 3000 ms' }, '2026-12-04T10:00:05.000Z');
  assert.is(still.unreachableSince, '2026-12-04T10:00:00.000Z');
  assert.equal(afterProbe(still, { ok: true, head: 42 }, '2026-12-04T10:00:10.000Z'), reachableLog);
});

test('a probe of a log that never answers gives up after its timeout', async () => {
  const emulator = await startEsdbEmulator();
  const store = createEsdbEventStore(emulator.connectionString);
  try {
    const silent = { ...store, headPosition: () => new Promise<number>(() => undefined) };
    const started = Date.now();
    const outcome = await probeLog(silent, 300);
    assert.equal(outcome, { ok: false, error: 'no answer within 300 ms' });
    assert.ok(Date.now() - started < 5_000);
    assert.equal(await probeLog(store, 5_000), { ok: true, head: 0 });
  } finally {
    await store.close();
    await emulator.stop();
  }
});

test('a watch sees an EventStoreDB node go away and come back, and says so once each', async () => {
  let emulator = await startEsdbEmulator();
  const { log, port } = emulator;
  const store = createEsdbEventStore(emulator.connectionString);
  const changes: LogHealth[] = [];
  const watch = watchLogHealth(store, { everyMs: 50, timeoutMs: 2_000, now: () => new Date().toISOString(), onChange: (h) => changes.push(h) });
  try {
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(watch.current(), reachableLog);
    assert.equal(changes, []);
    const away = new Date().toISOString();
    await emulator.stop();
    await waitUntil('the outage to be seen', () => !watch.current().reachable);
    const since = watch.current().unreachableSince!;
    assert.ok(since >= away, `${since} is not before the node stopped (${away})`);
    await new Promise((r) => setTimeout(r, 500));
    assert.is(watch.current().unreachableSince, since, 'still since the same time');
    emulator = await startEsdbEmulator({ log, port });
    await waitUntil('the log to answer again', () => watch.current().reachable);
    assert.equal(changes.map((c) => [c.reachable, c.unreachableSince]), [[false, since], [true, null]]);
  } finally {
    watch.stop();
    await store.close();
    await emulator.stop();
  }
});

test.run();
