import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { reactTo } from '../../processes/engine/run-process-managers.js';
import { scheduledJobsProcess, scheduledSalesAfter } from '../../processes/scheduler/job-runner.js';
import { defaultJobs, planJobs } from '../../processes/scheduler/scheduled-jobs.js';
import { createScheduler } from '../../processes/scheduler/scheduler.js';
import { startFakeGumroad, type FakeGumroad } from '../fakes/gumroad/fake-gumroad-server.js';
import { createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';

// The hourly gumroad_sales_sync job reads the last 31 days; its 03:20 UTC slot reads every sale.
const token = 'gum-job-token-3';
const test = suite<{ rt: TestRuntime; gumroad: FakeGumroad; env: NodeJS.ProcessEnv }>('gumroad_sales_sync job');

const jobs = () => {
  const planned = planJobs(defaultJobs.filter((j) => j.name === 'gumroad_sales_sync'));
  if (planned._tag === 'Left') throw new Error(planned.left.message);
  return planned.right;
};

test.before.each(async (ctx) => {
  ctx.rt = createTestRuntime();
  ctx.gumroad = await startFakeGumroad({ token, pageSize: 2 });
  ctx.env = { ...process.env };
  // The job reads its credentials as `swarm up` does: from the process's environment (no .env file here).
  Object.assign(process.env, { GUMROAD_API_URL: `${ctx.gumroad.url}/v2`, GUMROAD_ACCESS_TOKEN: token, SWARM_ENV_FILE: join(mkdtempSync(join(tmpdir(), 'swarmlog-job-')), 'no.env') });
});
test.after.each(async ({ rt, gumroad, env }) => {
  for (const key of ['GUMROAD_API_URL', 'GUMROAD_ACCESS_TOKEN', 'SWARM_ENV_FILE']) {
    if (env[key] === undefined) delete process.env[key];
    else process.env[key] = env[key];
  }
  await gumroad.close();
  await rt.dispose();
});

const recordedSales = async (rt: TestRuntime): Promise<string[]> => {
  const ids: string[] = [];
  for await (const e of rt.log.readAll({ filter: { eventTypes: ['IncomeRecorded'] } })) ids.push(String((e.data as { externalId?: string }).externalId));
  return ids.sort();
};

/** Fires the job's slot at `now` and carries the firing out. */
const fireAt = async (rt: TestRuntime, now: string) => {
  rt.setNow(now);
  const before = await rt.log.headPosition();
  await createScheduler(rt, jobs()).tick();
  const manager = scheduledJobsProcess(jobs(), { notifier: { notify: async () => {} } });
  for await (const e of rt.log.readAll({ fromPosition: before, filter: { eventTypes: ['JobFired'] } })) await reactTo(manager, e, rt);
};

test('which sales a slot asks for: the last 31 days, every sale at 03 UTC', () => {
  assert.is(scheduledSalesAfter('2026-03-02T10:20:00.000Z'), '2026-01-30');
  assert.is(scheduledSalesAfter('2026-03-02T03:20:00.000Z'), undefined);
});

test('an hourly slot records the recent sales only; the 03:20 slot records the older ones too, each once', async ({ rt, gumroad }) => {
  const sale = (id: string, day: string) => ({ id, product_id: 'prod_1', product_name: 'Tiny Tool', price: 500, currency: 'usd', created_at: `${day}T12:00:00Z` });
  gumroad.sales.push(sale('recent', '2026-03-01'), sale('last-month', '2026-02-05'), sale('old', '2025-11-20'));
  await fireAt(rt, '2026-03-02T10:20:05.000Z');
  assert.equal(await recordedSales(rt), ['last-month', 'recent']);
  await fireAt(rt, '2026-03-03T03:20:05.000Z');
  assert.equal(await recordedSales(rt), ['last-month', 'old', 'recent']);
  await fireAt(rt, '2026-03-03T04:20:05.000Z');
  assert.equal(await recordedSales(rt), ['last-month', 'old', 'recent'], 'nothing recorded twice');
});

test.run();
