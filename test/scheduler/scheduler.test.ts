import { join } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { reactTo } from '../../processes/engine/run-process-managers.js';
import { scheduledJobsProcess } from '../../processes/scheduler/job-runner.js';
import { defaultJobs, planJobs, type PlannedJob, type ScheduledJob } from '../../processes/scheduler/scheduled-jobs.js';
import { createScheduler, startScheduler } from '../../processes/scheduler/scheduler.js';
import { listTasks } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';

const plan = (jobs: readonly ScheduledJob[] = defaultJobs): PlannedJob[] => {
  const planned = planJobs(jobs);
  if (isLeft(planned)) throw new Error(planned.left.message);
  return planned.right;
};
const only = (name: string) => plan().filter((j) => j.name === name);
const silentNotifier = { notify: async () => {} };

const firings = async (runtime: SwarmRuntime): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const e of runtime.log.readAll({ filter: { eventTypes: ['JobFired'] } })) out.push(e);
  return out;
};

const withRuntime = (name: string, body: (rt: TestRuntime) => Promise<void>) =>
  test(name, async () => {
    const rt = createTestRuntime();
    try {
      await body(rt);
    } finally {
      await rt.dispose();
    }
  });

test('the default jobs are valid: hunter scan every 6 h, GitHub monitor hourly, summary at 09:00, sweeps every 5 min', () => {
  const jobs = plan();
  assert.equal(
    jobs.map((j) => [j.name, j.schedule]),
    [
      ['hunter_scan', '0 */6 * * *'],
      ['github_monitor', '0 * * * *'],
      ['daily_summary', '0 9 * * *'],
      ['gumroad_sales_sync', '20 * * * *'],
      ['proposal_expiry', '*/5 * * * *'],
      ['lock_cleanup', '*/5 * * * *'],
    ],
  );
});

test('a job with a bad schedule is refused at start, naming the field', () => {
  const bad = planJobs([{ ...defaultJobs[0]!, schedule: '0 9 * * 8' }]);
  assert.ok(isLeft(bad) && bad.left.field === 'scheduler.jobs.0.schedule' && /outside 0–7/.test(bad.left.message));
  assert.throws(() => startScheduler(createTestRuntime(), [{ ...defaultJobs[0]!, schedule: 'often' }]), /scheduler\.jobs\.0\.schedule/);
});

test('two jobs of one name, an unknown task type or a bad name are refused, naming the field', () => {
  const twice = planJobs([defaultJobs[0], defaultJobs[0]]);
  assert.ok(isLeft(twice) && twice.left.field === 'scheduler.jobs.1.name');
  const unknownType = planJobs([{ ...defaultJobs[0]!, action: { kind: 'create_task', task: { type: 'dance', priority: 1, title: 't', description: 'd' } } }]);
  assert.ok(isLeft(unknownType) && unknownType.left.field === 'scheduler.jobs.0.action.task.type');
  const badName = planJobs([{ ...defaultJobs[0]!, name: 'Hunter Scan' }]);
  assert.ok(isLeft(badName) && badName.left.field === 'scheduler.jobs.0.name');
  const missing = planJobs([{ name: 'x', schedule: '* * * * *' }]);
  assert.ok(isLeft(missing) && missing.left.field?.startsWith('scheduler.jobs.0.'));
});

withRuntime('a due slot fires once; looking again within the slot fires nothing', async (rt) => {
  rt.setNow('2026-03-02T06:00:05.000Z');
  const scheduler = createScheduler(rt, only('hunter_scan'));
  assert.equal(await scheduler.tick(), [{ job: 'hunter_scan', slot: '2026-03-02T06:00:00.000Z', outcome: 'fired' }]);
  rt.setNow('2026-03-02T06:30:00.000Z');
  assert.equal(await scheduler.tick(), []);
  const fired = await firings(rt);
  assert.is(fired.length, 1);
  assert.equal(fired[0]!.data, { job: 'hunter_scan', slot: '2026-03-02T06:00:00.000Z', firedBy: 'scheduler' });
  assert.is(fired[0]!.stream, 'schedule-hunter_scan-2026-03-02');
  assert.equal(fired[0]!.metadata.actor, { kind: 'system', id: 'scheduler' });
});

withRuntime('the next slot fires when it comes', async (rt) => {
  const scheduler = createScheduler(rt, only('hunter_scan'));
  rt.setNow('2026-03-02T06:00:05.000Z');
  await scheduler.tick();
  rt.setNow('2026-03-02T12:00:01.000Z');
  assert.equal((await scheduler.tick()).map((f) => [f.slot, f.outcome]), [['2026-03-02T12:00:00.000Z', 'fired']]);
  assert.is((await firings(rt)).length, 2);
});

withRuntime('two schedulers on one log (two connections, as two `swarm up`) fire each slot once', async (rt) => {
  const otherLog = createSqliteEventStore({ path: join(rt.dir, 'swarm.db') });
  try {
    const other: SwarmRuntime = { ...rt, log: otherLog };
    const jobs = plan();
    const a = createScheduler(rt, jobs);
    const b = createScheduler(other, jobs);
    for (const now of ['2026-03-02T06:00:01.000Z', '2026-03-02T06:05:00.000Z', '2026-03-02T07:00:00.000Z', '2026-03-02T09:00:02.000Z']) {
      rt.setNow(now);
      const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
      for (const [i, f] of fromA.entries()) {
        const g = fromB[i]!;
        assert.equal([f.job, f.slot], [g.job, g.slot]);
        if (f.outcome === 'missed' && g.outcome === 'missed') continue; // e.g. the summary's slot of the day before
        assert.equal([f.outcome, g.outcome].sort(), ['already_fired', 'fired'], `${f.job} ${f.slot}: ${f.outcome}/${g.outcome}`);
      }
    }
    const fired = (await firings(rt)).map((e) => `${(e.data as { job: string }).job}@${(e.data as { slot: string }).slot}`);
    assert.is(new Set(fired).size, fired.length, 'no slot fired twice');
    assert.ok(fired.includes('daily_summary@2026-03-02T09:00:00.000Z'));
  } finally {
    await otherLog.close();
  }
});

withRuntime('a restart within the slot fires nothing twice', async (rt) => {
  rt.setNow('2026-03-02T09:00:03.000Z');
  await createScheduler(rt, plan()).tick();
  const before = await rt.log.headPosition();
  rt.setNow('2026-03-02T09:01:00.000Z');
  const afterRestart = await createScheduler(rt, plan()).tick();
  assert.ok(afterRestart.every((f) => f.outcome === 'already_fired' || f.outcome === 'missed'), JSON.stringify(afterRestart));
  assert.is(afterRestart.filter((f) => f.outcome === 'already_fired').length, 4);
  assert.is(await rt.log.headPosition(), before);
});

withRuntime('after a week down, a start fires only the current slot within its grace, not every missed one', async (rt) => {
  rt.setNow('2026-03-01T09:00:00.000Z');
  await createScheduler(rt, only('daily_summary')).tick();
  rt.setNow('2026-03-08T10:30:00.000Z'); // a week later, 1.5 h after today's 09:00 (grace 6 h)
  assert.equal(await createScheduler(rt, only('daily_summary')).tick(), [{ job: 'daily_summary', slot: '2026-03-08T09:00:00.000Z', outcome: 'fired' }]);
  assert.equal(
    (await firings(rt)).map((e) => (e.data as { slot: string }).slot),
    ['2026-03-01T09:00:00.000Z', '2026-03-08T09:00:00.000Z'],
  );
});

withRuntime('a slot missed by more than its grace is skipped until the next one', async (rt) => {
  rt.setNow('2026-03-02T16:00:00.000Z'); // 7 h after 09:00
  const scheduler = createScheduler(rt, only('daily_summary'));
  assert.equal(await scheduler.tick(), [{ job: 'daily_summary', slot: '2026-03-02T09:00:00.000Z', outcome: 'missed' }]);
  assert.is((await firings(rt)).length, 0);
  assert.is(scheduler.nextSlot(), '2026-03-03T09:00:00.000Z');
});

withRuntime('a disabled job never fires', async (rt) => {
  rt.setNow('2026-03-02T06:00:00.000Z');
  const jobs = plan(defaultJobs.map((j) => ({ ...j, enabled: j.name !== 'hunter_scan' })));
  const fired = await createScheduler(rt, jobs).tick();
  assert.not.ok(fired.some((f) => f.job === 'hunter_scan'));
});

withRuntime('a firing creates its task with ids derived from it; carrying it out again creates nothing new', async (rt) => {
  rt.setNow('2026-03-02T06:00:05.000Z');
  await createScheduler(rt, only('hunter_scan')).tick();
  const [fired] = await firings(rt);
  const manager = scheduledJobsProcess(plan(), { notifier: silentNotifier });
  await reactTo(manager, fired!, rt);
  const head = await rt.log.headPosition();
  await reactTo(manager, fired!, rt);
  assert.is(await rt.log.headPosition(), head, 'nothing appended the second time');
  const tasks = listTasks(await freshReader(rt.log, rt.projections, taskBoard), { type: 'scan_platform' });
  assert.is(tasks.length, 1);
  assert.is(tasks[0]!.priority, 5);
  assert.is(tasks[0]!.createdBy, 'scheduler');
  assert.equal(tasks[0]!.payload, { title: 'Scheduled platform scan', description: tasks[0]!.payload['description'], source: 'scheduler', job: 'hunter_scan', slot: '2026-03-02T06:00:00.000Z' });
  assert.is(tasks[0]!.correlationId, fired!.metadata.correlationId, 'the task is in the firing\'s causal chain');
});

withRuntime('while a scheduled scan is still open, the next firing adds no second one', async (rt) => {
  const manager = scheduledJobsProcess(plan(), { notifier: silentNotifier });
  const scheduler = createScheduler(rt, only('hunter_scan'));
  for (const now of ['2026-03-02T06:00:05.000Z', '2026-03-02T12:00:05.000Z']) {
    rt.setNow(now);
    await scheduler.tick();
  }
  for (const fired of await firings(rt)) await reactTo(manager, fired, rt);
  assert.is(listTasks(await freshReader(rt.log, rt.projections, taskBoard), { type: 'scan_platform' }).length, 1);
});

withRuntime('startScheduler fires the due slot on start and carries it out (a monitor_github task for support)', async (rt) => {
  rt.setNow(new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 + 60_000).toISOString()); // one minute past the hour
  const scheduler = startScheduler(rt, defaultJobs.filter((j) => j.name === 'github_monitor'), { maxSleepMs: 100 });
  try {
    let tasks: ReturnType<typeof listTasks> = [];
    for (let i = 0; i < 100 && tasks.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      tasks = listTasks(await freshReader(rt.log, rt.projections, taskBoard), { type: 'monitor_github' });
    }
    assert.is(tasks.length, 1);
  } finally {
    await scheduler.stop();
  }
  assert.is((await firings(rt)).length, 1);
});

test.run();
