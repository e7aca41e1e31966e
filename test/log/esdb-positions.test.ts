// The application above the log on EventStoreDB, where positions are byte offsets in the server's transaction log
// (the emulator advances them by each record's size), not 1, 2, 3: catch-up, rebuild, as-of, replay and causation
// lookups on a log past 6 MB of positions. Positions are opaque above the adapter (issue M point 1): a position
// computed from another (a cap of 5,000,000, a `p - 1`) is no record's start, and the server refuses a read there.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventStore } from '../../domain/log/event-store.js';
import { readModel } from '../../cli/as-of.js';
import { createEsdbEventStore } from '../../infra/log/esdb/esdb-event-store.js';
import { followUpEventId, newEventId } from '../../infra/log/event-ids.js';
import { catchUpInParallel } from '../../infra/projections/parallel-catch-up.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { replayTimeline, type Timeline } from '../../processes/queries/replay.js';
import { allProjections } from '../../projections/all-projections.js';
import { causationProjection } from '../../projections/causation/causation-projection.js';
import { childrenOf, eventAt, eventById, type CausationIndex } from '../../projections/causation/queries.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { startEsdbEmulator, type EsdbEmulator } from '../fakes/esdb-emulator/emulator-server.js';
import { beginChain, clockFrom, createSpecTask, endChain, type ChainIds } from '../fixtures/replay-chain.js';
import { createTestRuntime, defaultSettings, type TestRuntime } from '../fixtures/test-runtime.js';

let emulator: EsdbEmulator;
let esdb: TestRuntime;
let sqlite: TestRuntime;
const ids: { esdb?: ChainIds; sqlite?: ChainIds } = {};

/** A runtime on the EventStoreDB adapter (against the emulator), read models in SQLite, a settable clock. */
const esdbRuntime = (connectionString: string): TestRuntime => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-esdb-rt-'));
  const log = createEsdbEventStore(connectionString);
  const projections = createSqliteProjectionStore(join(dir, 'projections.db'));
  let now: string | undefined;
  return {
    dir,
    log,
    projections,
    settings: defaultSettings,
    now: () => now ?? new Date().toISOString(),
    setNow: (iso) => (now = iso),
    newEventId,
    newId: newEventId,
    followUpId: followUpEventId,
    dispose: async () => {
      projections.close();
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

/** About `megabytes` MB of events no read model reads (but the causation index, which indexes every event). */
const pad = async (log: EventStore, megabytes: number) => {
  const text = 'x'.repeat(100_000);
  for (let i = 0; i < megabytes * 10; i += 8) {
    const events = Array.from({ length: 8 }, () => ({
      id: newEventId(),
      type: 'LogPadding',
      data: { text },
      metadata: { correlationId: 'pad', causationId: 'pad', actor: { kind: 'system' as const, id: 'test' }, at: '2026-11-24T09:00:00.000Z', schemaVersion: 1 },
    }));
    const appended = await log.append(`padding-${i}`, events);
    if (isLeft(appended)) throw new Error(`padding refused: ${JSON.stringify(appended.left)}`);
  }
};

/** The same chain on each log, with 7 MB of padding in the middle of it on EventStoreDB (a few events on SQLite). */
const record = async (rt: TestRuntime, megabytes: number): Promise<ChainIds> => {
  const tick = clockFrom(rt, '2026-11-24T10:00:00.000Z');
  const chain = await beginChain(rt, tick);
  await pad(rt.log, megabytes);
  await createSpecTask(rt, tick, chain);
  await endChain(rt, tick, chain);
  return chain;
};

test.before(async () => {
  emulator = await startEsdbEmulator();
  esdb = esdbRuntime(emulator.connectionString);
  sqlite = createTestRuntime();
  ids.esdb = await record(esdb, 7);
  ids.sqlite = await record(sqlite, 0.8);
});
test.after(async () => {
  await esdb.dispose();
  await sqlite.dispose();
  await emulator.stop();
});

/** Whether `position` is the start of an event the log shows (what a checkpoint must be to be read from again). */
const isEventPosition = async (log: EventStore, position: number) => position === 0 || (await eventAt(log, position)) !== undefined;

test('the log is past 6 MB of positions, and the chain was recorded after the padding', async () => {
  const head = await esdb.log.headPosition();
  assert.ok(head > 6_000_000, `head ${head}`);
  assert.is(await esdb.log.eventCount(), undefined, 'byte offsets are no count');
});

test('catch-up stores checkpoints that are positions the log handed out, and catches up again after them', async () => {
  await catchUp(esdb.log, esdb.projections, allProjections);
  for (const p of allProjections) {
    const checkpoint = esdb.projections.checkpoint(p.name)!;
    assert.ok(await isEventPosition(esdb.log, checkpoint.position), `${p.name} at ${checkpoint.position}`);
  }
  const tick = clockFrom(esdb, '2026-11-24T11:00:00.000Z');
  tick();
  const { createTask } = await import('../../processes/commands/task-commands.js');
  const more = await createTask(esdb, { actor: { kind: 'agent', id: 'hunter' } }, { type: 'research', payload: { title: 'After the padding' } });
  assert.ok(!isLeft(more));
  const again = await catchUp(esdb.log, esdb.projections, allProjections);
  assert.is(again.position, await esdb.log.headPosition());
});

test('a rebuild from position 0 equals the live read models, folded in memory whole or stopped after a few events', async () => {
  await catchUp(esdb.log, esdb.projections, allProjections);
  const whole = createMemoryProjectionStore();
  await catchUp(esdb.log, whole, allProjections);
  const capped = createMemoryProjectionStore();
  let reported = 0;
  await catchUp(esdb.log, capped, allProjections, { inMemoryMaxEvents: 5, onProgress: (done, total) => (assert.ok(done <= total), reported++) });
  assert.ok(reported > 0, 'progress was reported');
  for (const p of allProjections) {
    assert.equal(whole.dump(p.name), esdb.projections.dump(p.name), p.name);
    assert.equal(capped.dump(p.name), esdb.projections.dump(p.name), `${p.name}, capped`);
    assert.ok(await isEventPosition(esdb.log, capped.checkpoint(p.name)!.position));
  }
  // `swarm rebuild`'s path: a log that cannot count its events is folded in this thread.
  const rebuilt = createMemoryProjectionStore();
  await catchUpInParallel({ storeUrl: emulator.connectionString, projectionPath: join(esdb.dir, 'unused.db') }, esdb.log, rebuilt, allProjections, { minEventsForWorker: 1 });
  for (const p of allProjections) assert.equal(rebuilt.dump(p.name), esdb.projections.dump(p.name), `${p.name}, rebuilt`);
});

test('as-of folds up to a position the log handed out, to one between records, and to a time', async () => {
  const chain = ids.esdb!;
  const claimed = (await eventById({ docs: await freshReader(esdb.log, esdb.projections, causationProjection), log: esdb.log }, chain.claimEventId))!;
  const statusAt = async (asOf: { position: number } | { time: string }) =>
    (await readModel(esdb.log, esdb.projections, taskBoard, asOf)).get<{ status: string }>('task', chain.ideaTaskId)?.status;
  assert.ok(claimed.position > 0);
  const atClaim = await statusAt({ position: claimed.position });
  assert.ok(atClaim !== undefined && atClaim !== 'pending', `at the claim: ${atClaim}`);
  // A number between two records (the CLI takes any whole number): folded up to the record before it.
  assert.is(await statusAt({ position: claimed.position + 1 }), atClaim);
  assert.is(await statusAt({ time: '2026-11-24T10:00:00.000Z' }), 'pending');
  assert.is(await statusAt({ position: (await esdb.log.headPosition()) + 10 }), 'completed');
});

/** What a timeline shows, without what differs between two logs (ids, positions, times of the padding). */
const shape = (timeline: Timeline) => timeline.events.map((e) => ({ type: e.type, depth: e.depth, withData: e.data !== undefined }));

test('replay and causation lookups give the same timelines as on SQLite, with the recorded data', async () => {
  const e = ids.esdb!;
  const s = ids.sqlite!;
  const ok = (t: Awaited<ReturnType<typeof replayTimeline>>) => {
    if (isLeft(t)) throw new Error(`replay refused: ${t.left.message}`);
    return t.right;
  };
  const pairs: [unknown, unknown][] = [
    [{ task: e.ideaTaskId }, { task: s.ideaTaskId }],
    [{ task: e.buildTaskId }, { task: s.buildTaskId }],
    [{ run: e.runId }, { run: s.runId }],
    [{ correlation: e.ideaTaskId }, { correlation: s.ideaTaskId }],
    [{ agent: 'critic' }, { agent: 'critic' }],
  ];
  for (const [onEsdb, onSqlite] of pairs) {
    const timeline = ok(await replayTimeline(esdb, onEsdb, { withData: true }));
    assert.ok(timeline.events.length > 0, JSON.stringify(onEsdb));
    assert.ok(timeline.events.every((x) => x.data !== undefined), 'every event has its data');
    assert.equal(shape(timeline), shape(ok(await replayTimeline(sqlite, onSqlite, { withData: true }))), JSON.stringify(onEsdb));
  }
  const index: CausationIndex = { docs: await freshReader(esdb.log, esdb.projections, causationProjection), log: esdb.log };
  const claim = await eventById(index, e.claimEventId);
  assert.is(claim?.id, e.claimEventId);
  assert.ok((await childrenOf(index, e.claimEventId)).length > 0, 'what the claim set off');
  const asOf = ok(await replayTimeline(esdb, { task: e.ideaTaskId, asOf: claim!.position }));
  assert.ok(asOf.events.length > 0 && asOf.events.every((x) => x.position <= claim!.position));
});

/** The built `swarm` CLI on the emulator's log, run without blocking this process (the emulator answers from it). */
const swarm = (home: string, args: string[]) => {
  const { SWARM_AGENT: _a, SWARM_CORRELATION_ID: _c, SWARM_CAUSATION_ID: _k, SWARM_RUN_ID: _r, ...rest } = process.env;
  const child = spawn(process.execPath, ['cli/bin/swarm', ...args], { env: { ...rest, SWARM_HOME: home, SWARM_STORE: emulator.connectionString } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, output: () => out, closed };
};

test('swarm up comes up on the log, and replay and rebuild answer through the CLI', async () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-esdb-up-'));
  let up: ReturnType<typeof swarm> | undefined;
  try {
    up = swarm(home, ['up', '--no-agents', '--port', '0']);
    // Generous: on a loaded machine a start on this log has taken over 30 s.
    const deadline = Date.now() + 120_000;
    while (!up.output().includes('Ctrl-C stops') && Date.now() < deadline && up.child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    assert.ok(up.output().includes('Ctrl-C stops'), up.output());
    up.child.kill('SIGINT');
    const stopped = await Promise.race([up.closed, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 60_000).unref())]);
    assert.is(stopped, 0, up.output());
    const claim = (await eventById({ docs: await freshReader(esdb.log, esdb.projections, causationProjection), log: esdb.log }, ids.esdb!.claimEventId))!;
    const replay = swarm(home, ['replay', '--task', ids.esdb!.ideaTaskId, '--json']);
    assert.is(await replay.closed, 0, replay.output());
    const lines = replay.output().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; data?: unknown });
    assert.ok(lines.some((l) => l.type === 'TaskClaimed'), replay.output());
    const asOf = swarm(home, ['replay', '--task', ids.esdb!.ideaTaskId, '--as-of', String(claim.position), '--json']);
    assert.is(await asOf.closed, 0, asOf.output());
    const rebuild = swarm(home, ['rebuild']);
    assert.is(await rebuild.closed, 0, rebuild.output());
  } finally {
    // A swarm up that never came up (or never stopped) would keep this test process alive through its pipes.
    if (up && up.child.exitCode === null && up.child.signalCode === null) up.child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
