import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { catchUpAtStart, farBehindShare, longTailShare } from '../../cli/commands/up-catch-up.js';
import { followUpEventId, newEventId } from '../../infra/log/event-ids.js';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { appendHistory, swarmHistory } from '../../scripts/bench-core-history.js';
import { defaultSettings } from '../fixtures/test-runtime.js';

/**
 * `swarm up`'s first step (cli/commands/up-catch-up.ts) on a real SQLite log: a new host folds every read model
 * from the start on two threads (the rebuild's path) and gets what a live fold gets; a restart folds only the tail;
 * a read model far behind is folded again from the start, one a little behind only after its checkpoint.
 */
const test = suite<{ dir: string }>('swarm up: read models at start');
test.before(() => {
  // The rebuild worker is the built one (dist/); scripts/build.mjs does nothing when `npm test` has built already.
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
});
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarm-up-catch-up-'));
});
test.after.each(({ dir }) => rmSync(dir, { recursive: true, force: true }));

const runtimeOf = (logPath: string, projectionPath: string): SwarmRuntime => ({
  log: createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' }),
  projections: createSqliteProjectionStore(projectionPath),
  settings: defaultSettings,
  now: () => new Date().toISOString(),
  newEventId,
  newId: newEventId,
  followUpId: followUpEventId,
});

const sameAs = (runtime: SwarmRuntime, live: SwarmRuntime['projections']) => {
  for (const p of allProjections) {
    assert.equal(runtime.projections.checkpoint(p.name), live.checkpoint(p.name), `${p.name}: checkpoint`);
    assert.equal(runtime.projections.dump(p.name), live.dump(p.name), `${p.name}: documents`);
  }
};

test('a new host folds every read model from the start on two threads; a restart folds only the tail', async ({ dir }) => {
  const logPath = join(dir, 'swarm.db');
  const storeUrl = `sqlite:${logPath}?synchronous=normal`;
  // The reference: read models folded live while the log was written.
  const writer = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  const live = createSqliteProjectionStore(join(dir, 'live.db'));
  await appendHistory(writer, swarmHistory(3000), { interval: 600, every: async () => void (await catchUp(writer, live, allProjections)) });
  await catchUp(writer, live, allProjections);
  const head = await writer.headPosition();

  const host = runtimeOf(logPath, join(dir, 'swarm.projections.db'));
  const first = await catchUpAtStart({ env: {} }, host, storeUrl, { minEventsForWorker: 1 });
  assert.is(first.rebuilt, allProjections.length);
  assert.is(first.events, head);
  sameAs(host, live);

  const restart = await catchUpAtStart({ env: {} }, host, storeUrl, { minEventsForWorker: 1 });
  assert.equal([restart.rebuilt, restart.events], [0, 0]);

  // A tail: folded after the checkpoints, nothing from the start.
  const tail = await appendHistory(writer, swarmHistory(200, 3, '2027-01-01T00:00:00.000Z'));
  await catchUp(writer, live, allProjections);
  const after = await catchUpAtStart({ env: {} }, host, storeUrl, { minEventsForWorker: 1 });
  assert.is(after.rebuilt, 0);
  assert.ok(after.events > 0 && after.events <= tail, `folded ${after.events} of a tail of ${tail}`);
  sameAs(host, live);
  live.close();
  host.projections.close();
  await host.log.close();
  await writer.close();
});

test('a read model far behind is folded again from the start; the result equals the live fold', async ({ dir }) => {
  const logPath = join(dir, 'swarm.db');
  const storeUrl = `sqlite:${logPath}?synchronous=normal`;
  const writer = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  const host = runtimeOf(logPath, join(dir, 'swarm.projections.db'));
  // The host folded the first fifth of the log, then went away while four fifths were written.
  await appendHistory(writer, swarmHistory(600));
  await catchUp(writer, host.projections, allProjections);
  await appendHistory(writer, swarmHistory(2400, 5, '2026-06-01T00:00:00.000Z'));
  const live = createSqliteProjectionStore(join(dir, 'live.db'));
  await catchUp(writer, live, allProjections);
  const back = await catchUpAtStart({ env: {} }, host, storeUrl, { minEventsForWorker: 1 });
  assert.ok(back.rebuilt > 0, 'some read model was folded from the start');
  sameAs(host, live);
  live.close();
  host.projections.close();
  await host.log.close();
  await writer.close();
});

test('a long tail past a fifth of the log is folded from the start; a short one only after the checkpoints', async ({ dir }) => {
  const logPath = join(dir, 'swarm.db');
  const storeUrl = `sqlite:${logPath}?synchronous=normal`;
  const writer = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  const host = runtimeOf(logPath, join(dir, 'swarm.projections.db'));
  await appendHistory(writer, swarmHistory(2000));
  await catchUp(writer, host.projections, allProjections);
  // A quarter of the log behind (below half): 600 events are a long tail when a long tail starts at 500 events.
  const tail = await appendHistory(writer, swarmHistory(600, 7, '2026-07-01T00:00:00.000Z'));
  assert.ok(tail / ((await writer.eventCount())!) > longTailShare && tail / ((await writer.eventCount())!) < farBehindShare);
  const live = createSqliteProjectionStore(join(dir, 'live.db'));
  await catchUp(writer, live, allProjections);
  const copy = runtimeOf(logPath, join(dir, 'copy.projections.db'));
  await catchUp(writer, copy.projections, allProjections, { upTo: 2000 });
  // The default long tail (20,000 events): these 600 are folded after the checkpoints.
  const short = await catchUpAtStart({ env: {} }, copy, storeUrl, { minEventsForWorker: 1 });
  assert.is(short.rebuilt, 0);
  sameAs(copy, live);
  const long = await catchUpAtStart({ env: {} }, host, storeUrl, { minEventsForWorker: 1, longTailEvents: 500 });
  assert.is(long.rebuilt, allProjections.length, 'every read model folded from the start');
  sameAs(host, live);
  live.close();
  host.projections.close();
  copy.projections.close();
  await host.log.close();
  await copy.log.close();
  await writer.close();
});

test('the fold worker swarm up starts before its bundle loads is given the work; unused, it is stopped', async ({ dir }) => {
  const logPath = join(dir, 'swarm.db');
  const storeUrl = `sqlite:${logPath}?synchronous=normal`;
  const writer = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  await appendHistory(writer, swarmHistory(1500));
  const live = createSqliteProjectionStore(join(dir, 'live.db'));
  await catchUp(writer, live, allProjections);
  const host = runtimeOf(logPath, join(dir, 'swarm.projections.db'));
  // As cli/bin/launch.cjs does for `swarm up`.
  const early = createRequire(import.meta.url)('../../cli/bin/fold-worker-start.cjs') as { startFoldWorkerEarly(dist: string): void };
  const slot = Symbol.for('swarmlog.earlyFoldWorker');
  const started = () => (globalThis as { [k: symbol]: { worker: Worker } | undefined })[slot];
  early.startFoldWorkerEarly(join(process.cwd(), 'dist'));
  const first = started()!.worker;
  const firstExit = new Promise<number>((resolve) => first.once('exit', resolve));
  await catchUpAtStart({ env: {} }, host, storeUrl, { minEventsForWorker: 1 });
  assert.is(started(), undefined, 'taken');
  sameAs(host, live);
  assert.is(await firstExit, 0, 'it finished its work and ended');

  // A restart: nothing to fold from the start, so no worker; the one started early is stopped.
  early.startFoldWorkerEarly(join(process.cwd(), 'dist'));
  const second = started()!.worker;
  const secondExit = new Promise<number>((resolve) => second.once('exit', resolve));
  const restart = await catchUpAtStart({ env: {} }, host, storeUrl, { minEventsForWorker: 1 });
  assert.equal([restart.rebuilt, restart.events], [0, 0]);
  assert.is(started(), undefined);
  await secondExit;
  live.close();
  host.projections.close();
  await host.log.close();
  await writer.close();
});

test.run();
