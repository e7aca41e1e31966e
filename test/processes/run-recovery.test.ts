import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { isRight } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { recordTokens, startRun } from '../../processes/commands/run-commands.js';
import { claimTask, createTask, resolveTask } from '../../processes/commands/task-commands.js';
import { instanceName, processAlive, recoverDeadRuns } from '../../processes/pipeline/run-recovery.js';
import { agent, createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';

const test = suite<{ rt: TestRuntime }>('run recovery: a restarted swarm up recognises the runs that died with it');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
});
test.after.each(async (ctx) => {
  await ctx.rt.dispose();
});

/** A pid that existed on this host and no longer does: a real process that ran and was reaped. */
const deadPid = (): number => {
  const done = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(done.stdout.trim());
};

const claimedRun = async (rt: TestRuntime, title: string, instance: string) => {
  const created = await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title } });
  if (!isRight(created)) throw new Error(created.left.message);
  const claimed = await claimTask(rt, { actor: { kind: 'system', id: 'dispatcher' } }, { agent: 'critic' });
  if (!isRight(claimed) || claimed.right.status !== 'claimed') throw new Error('not claimed');
  const runId = rt.newId();
  const started = await startRun(rt, { actor: { kind: 'agent', id: 'critic' }, runId }, {
    runId, agent: 'critic', taskId: created.right.taskId, driver: 'sim', model: 'sim', promptHash: 'h', promptPath: '/p', logPath: '/l', instance,
  });
  if (!isRight(started)) throw new Error(started.left.message);
  return { taskId: created.right.taskId, runId };
};

test('the task of a run whose swarm up died is back in the queue at once, its attempt refunded, the run finished as crashed', async ({ rt }) => {
  const gone = deadPid();
  assert.not.ok(processAlive(gone));
  const { taskId, runId } = await claimedRun(rt, 'Idea one', instanceName(hostname(), gone));
  const recovered = await recoverDeadRuns(rt, { host: hostname(), pid: process.pid }, processAlive);
  assert.equal(recovered, [{ runId, agent: 'critic', taskId, task: 'released' }]);
  const task = await resolveTask(rt, taskId);
  assert.ok(isRight(task));
  assert.equal([task.right.status, task.right.attempts], ['pending', 0]);
  const run = await rt.log.readStream(`run-${runId}`);
  assert.ok(isRight(run));
  const finished = run.right.find((e) => e.type === 'RunFinished');
  assert.is((finished?.data as { outcome?: string }).outcome, 'crashed');
  // Running it again (a second restart) changes nothing.
  assert.equal(await recoverDeadRuns(rt, { host: hostname(), pid: process.pid }, processAlive), []);
});

test('a dead run that had recorded tokens mid-run is finished with those totals (a finish below them is refused)', async ({ rt }) => {
  const { runId } = await claimedRun(rt, 'Idea four', instanceName(hostname(), deadPid()));
  const used = await recordTokens(rt, { actor: { kind: 'agent', id: 'critic' }, runId }, { runId, inputTokens: 3834, outputTokens: 120, costUsd: 0.0125 });
  assert.ok(isRight(used), JSON.stringify(used));
  const recovered = await recoverDeadRuns(rt, { host: hostname(), pid: process.pid }, processAlive);
  assert.is(recovered.length, 1);
  const run = await rt.log.readStream(`run-${runId}`);
  assert.ok(isRight(run));
  const finished = run.right.find((e) => e.type === 'RunFinished')?.data as { outcome?: string; inputTokens?: number; outputTokens?: number };
  assert.equal([finished.outcome, finished.inputTokens, finished.outputTokens], ['crashed', 3834, 120]);
  // Nothing counted twice: the finish adds no tokens of its own.
  assert.is(run.right.filter((e) => e.type === 'TokensUsed').length, 1);
});

test('runs of a live swarm up on this host, or of another host, are left to their leases', async ({ rt }) => {
  const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const live = await claimedRun(rt, 'Idea two', instanceName(hostname(), alive.pid!));
    const elsewhere = await claimedRun(rt, 'Idea three', instanceName(`not-${hostname()}`, deadPid()));
    assert.equal(await recoverDeadRuns(rt, { host: hostname(), pid: process.pid }, processAlive), []);
    for (const id of [live.taskId, elsewhere.taskId]) {
      const task = await resolveTask(rt, id);
      assert.ok(isRight(task) && task.right.status === 'claimed');
    }
  } finally {
    alive.kill('SIGKILL');
  }
});

test.run();
