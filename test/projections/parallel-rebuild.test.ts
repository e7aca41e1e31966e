import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { catchUpInParallel } from '../../infra/projections/parallel-catch-up.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { appendHistory, swarmHistory } from '../../scripts/bench-core-history.js';
import { spawnSync } from 'node:child_process';

// The rebuild worker is the built one (dist/), as `swarm rebuild` runs it.
const test = suite<{ dir: string }>('rebuild on two threads');
test.before(() => {
  // scripts/build.mjs does nothing when `npm test` has built already (SWARM_TEST_BUILT).
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
});
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarm-parallel-rebuild-'));
});
test.after.each(({ dir }) => rmSync(dir, { recursive: true, force: true }));

test('a rebuild with the largest read models in a worker thread equals the read models folded live', async ({ dir }) => {
  const logPath = join(dir, 'swarm.db');
  const log = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  const live = createSqliteProjectionStore(join(dir, 'live.db'));
  const appended = await appendHistory(log, swarmHistory(4000), { interval: 700, every: async () => void (await catchUp(log, live, allProjections)) });
  await catchUp(log, live, allProjections);
  const rebuiltPath = join(dir, 'rebuilt.db');
  const rebuilt = createSqliteProjectionStore(rebuiltPath);
  const result = await catchUpInParallel({ storeUrl: `sqlite:${logPath}`, projectionPath: rebuiltPath }, log, rebuilt, allProjections, { minEventsForWorker: 1 });
  assert.is(result.position, await log.headPosition());
  assert.is(result.applied, appended);
  for (const p of allProjections) {
    assert.equal(rebuilt.checkpoint(p.name), live.checkpoint(p.name), `${p.name}: checkpoint`);
    assert.equal(rebuilt.dump(p.name), live.dump(p.name), `${p.name}: documents`);
  }
  // The worker wrote its read models through its own connection: they are in the file, not only in this process.
  const reopened = createSqliteProjectionStore(rebuiltPath);
  assert.equal(reopened.dump('causation'), live.dump('causation'));
  assert.ok(Object.keys(reopened.dump('causation')).length > 0);
  reopened.close();
  rebuilt.close();
  live.close();
  await log.close();
});

test('a worker that cannot open the log makes the rebuild fail, naming the reason', async ({ dir }) => {
  const logPath = join(dir, 'swarm.db');
  const log = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  await appendHistory(log, swarmHistory(200), { interval: 1000, every: async () => {} });
  const store = createSqliteProjectionStore(join(dir, 'p.db'));
  let failed: unknown;
  try {
    await catchUpInParallel({ storeUrl: 'nonsense', projectionPath: join(dir, 'p.db') }, log, store, allProjections, { minEventsForWorker: 1 });
  } catch (e) {
    failed = e;
  }
  assert.match(String(failed), /SWARM_STORE/);
  store.close();
  await log.close();
});

test.run();
