import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { acquireLock, listLocks } from '../../processes/commands/lock-commands.js';
import { castVote, createProposal, listProposals } from '../../processes/commands/proposal-commands.js';
import type { CommandCaller } from '../../processes/commands/runtime.js';
import { reactTo } from '../../processes/engine/run-process-managers.js';
import { scheduledJobsProcess } from '../../processes/scheduler/job-runner.js';
import { defaultJobs, planJobs } from '../../processes/scheduler/scheduled-jobs.js';
import { createScheduler } from '../../processes/scheduler/scheduler.js';
import { clearExpiredLocks } from '../../processes/sweeps/lock-cleanup.js';
import { expireDueProposals } from '../../processes/sweeps/proposal-expiry.js';
import { agent, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { testOnEachStore, type StoreCase } from '../fixtures/store-cases.js';

const sweeper: CommandCaller = system('scheduler');

const withRuntime = (name: string, body: (rt: TestRuntime, store: StoreCase) => Promise<void>) => testOnEachStore(name, body);

const propose = async (rt: TestRuntime, title: string) => {
  const created = await createProposal(rt, agent('hunter'), { type: 'new_skill', title, description: 'worth a vote' });
  if (isLeft(created)) throw new Error(created.left.message);
  return created.right.proposalId;
};

const lock = async (rt: TestRuntime, who: string, path: string, ttlSeconds?: number) => {
  const held = await acquireLock(rt, agent(who), { path, ...(ttlSeconds ? { ttlSeconds } : {}) });
  if (isLeft(held)) throw new Error(held.left.message);
};

const eventsOfType = async (rt: TestRuntime, type: string): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const e of rt.log.readAll({ filter: { eventTypes: [type] } })) out.push(e);
  return out;
};

withRuntime('an open proposal past its voting window expires; one still open stays (W-32: the original never expired any)', async (rt) => {
  rt.setNow('2026-03-01T00:00:00.000Z');
  const old = await propose(rt, 'Old idea');
  rt.setNow('2026-03-03T00:00:00.000Z');
  const fresh = await propose(rt, 'Fresh idea');
  rt.setNow('2026-03-04T00:00:00.000Z'); // 72 h after the first, 24 h after the second
  const report = await expireDueProposals(rt, sweeper);
  assert.equal(report, { done: [old], skipped: [] });
  const byId = Object.fromEntries((await listProposals(rt)).map((p) => [p.proposalId, p.status]));
  assert.equal(byId, { [old]: 'expired', [fresh]: 'open' });
});

withRuntime('a decided proposal is not expired, even past its window', async (rt) => {
  rt.setNow('2026-03-01T00:00:00.000Z');
  const id = await propose(rt, 'Decided idea');
  for (const voter of ['critic', 'pm', 'builder']) await castVote(rt, agent(voter), { proposalId: id, vote: 'for' });
  rt.setNow('2026-03-10T00:00:00.000Z');
  assert.equal(await expireDueProposals(rt, sweeper), { done: [], skipped: [] });
});

withRuntime('sweeping proposals twice, or from two processes at once, expires each once', async (rt) => {
  rt.setNow('2026-03-01T00:00:00.000Z');
  await propose(rt, 'A');
  await propose(rt, 'B');
  rt.setNow('2026-03-05T00:00:00.000Z');
  const [one, two] = await Promise.all([expireDueProposals(rt, sweeper), expireDueProposals(rt, sweeper)]);
  assert.is(one.done.length + two.done.length, 2);
  assert.equal(await expireDueProposals(rt, sweeper), { done: [], skipped: [] });
  assert.is((await eventsOfType(rt, 'ProposalExpired')).length, 2);
});

withRuntime('a lock past its expiry is cleared; a live one stays', async (rt) => {
  rt.setNow('2026-03-01T00:00:00.000Z');
  await lock(rt, 'builder', 'products/a/index.ts', 60);
  await lock(rt, 'reviewer', 'products/b/index.ts', 3_600);
  rt.setNow('2026-03-01T00:05:00.000Z');
  assert.equal(await clearExpiredLocks(rt, sweeper), { done: ['products/a/index.ts'], skipped: [] });
  assert.equal((await listLocks(rt)).map((l) => l.path), ['products/b/index.ts']);
  const [expired] = await eventsOfType(rt, 'LockExpired');
  assert.equal(expired!.metadata.actor, { kind: 'system', id: 'scheduler' });
});

withRuntime('a lock refreshed by its holder after it was listed is left alone', async (rt) => {
  rt.setNow('2026-03-01T00:00:00.000Z');
  await lock(rt, 'builder', 'products/a/index.ts', 60);
  rt.setNow('2026-03-01T00:02:00.000Z');
  await lock(rt, 'builder', 'products/a/index.ts', 60); // expired, so the holder takes it again
  assert.equal(await clearExpiredLocks(rt, sweeper), { done: [], skipped: [] });
  assert.is((await listLocks(rt)).length, 1);
});

withRuntime('sweeping locks twice, or from two processes at once, clears each once', async (rt) => {
  rt.setNow('2026-03-01T00:00:00.000Z');
  await lock(rt, 'builder', 'a.ts', 60);
  await lock(rt, 'tester', 'b.ts', 60);
  rt.setNow('2026-03-01T01:00:00.000Z');
  await Promise.all([clearExpiredLocks(rt, sweeper), clearExpiredLocks(rt, sweeper)]);
  await clearExpiredLocks(rt, sweeper);
  assert.is((await eventsOfType(rt, 'LockExpired')).length, 2);
});

withRuntime('the scheduled sweeps run every 5 minutes and their work traces back to the firing', async (rt) => {
  const planned = planJobs(defaultJobs);
  if (isLeft(planned)) throw new Error(planned.left.message);
  const jobs = planned.right.filter((j) => j.name === 'proposal_expiry' || j.name === 'lock_cleanup');
  rt.setNow('2026-03-01T00:00:00.000Z');
  const id = await propose(rt, 'Stale idea');
  await lock(rt, 'builder', 'a.ts', 60);
  rt.setNow('2026-03-04T00:00:30.000Z');
  const scheduler = createScheduler(rt, jobs);
  assert.equal((await scheduler.tick()).map((f) => f.outcome), ['fired', 'fired']);
  const manager = scheduledJobsProcess(jobs, { notifier: { notify: async () => {} } });
  const fired = await eventsOfType(rt, 'JobFired');
  for (const f of fired) await reactTo(manager, f, rt);
  const [expired] = await eventsOfType(rt, 'ProposalExpired');
  const [cleared] = await eventsOfType(rt, 'LockExpired');
  assert.is(expired!.stream, `proposal-${id}`);
  assert.is(expired!.metadata.causationId, fired.find((f) => (f.data as { job: string }).job === 'proposal_expiry')!.id);
  assert.is(cleared!.metadata.causationId, fired.find((f) => (f.data as { job: string }).job === 'lock_cleanup')!.id);
});

test.run();
