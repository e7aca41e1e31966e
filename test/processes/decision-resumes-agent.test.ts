import { spawnSync } from 'node:child_process';
import { isRight } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createLogger } from '../../infra/logging/logger.js';
import { decideProject, submitProject } from '../../processes/commands/project-commands.js';
import { createTask, resolveTask } from '../../processes/commands/task-commands.js';
import type { FinishedRun } from '../../processes/dispatcher/agent-run.js';
import { pipelineManager } from '../../processes/pipeline/pipeline-manager.js';
import { startSwarm } from '../../processes/swarm/start-swarm.js';
import { projectInput } from '../commands/gate-harness.js';
import { startTestContainment } from '../fixtures/containment.js';
import { cliScript, scriptDriver } from '../fixtures/script-driver.js';
import { agent, createTestRuntime, human } from '../fixtures/test-runtime.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const until = async (what: () => boolean | Promise<boolean>, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await what()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
};

test('a person\'s decision resumes the agent it is for: no waiting behind the restart backoff (issue 17)', async () => {
  const rt = createTestRuntime();
  const contained = await startTestContainment(rt, rt.dir);
  const finished: { agent: string; run: FinishedRun }[] = [];
  // The builder fails every fix task it is given (its backoff grows) and completes any build.
  const script = (env: Readonly<Record<string, string>>) =>
    cliScript('claude-tasks', env.SWARM_TASK_TYPE === 'build_product' ? ['complete', '--task-id', env.SWARM_TASK_ID!, '--result', '{"built":true}'] : ['complete', '--task-id', env.SWARM_TASK_ID!, '--error', 'cannot fix']);
  const swarm = await startSwarm({
    runtime: rt,
    home: rt.dir,
    log: createLogger('test', { SWARM_LOG_LEVEL: 'silent' }),
    agents: ['builder'],
    managers: [pipelineManager],
    driverFor: () => scriptDriver(script),
    prepare: async (_agent, task) => ({ prompt: 'p', promptHash: 'h', model: 'sim', env: { SWARM_TASK_TYPE: task.type } }),
    baseEnv: { PATH: process.env.PATH ?? '', SWARM_HOME: rt.dir, SWARM_LOG_LEVEL: 'silent' },
    containment: contained.containment,
    maxConcurrent: 2,
    progressTimeoutMs: 30_000,
    sessionCapMs: 60_000,
    leaseSeconds: 45,
    // Ten minutes after one failed run: a decision that waited for it would fail this test.
    backoff: { baseMs: 600_000, maxMs: 600_000 },
    onRunFinished: (a, run) => finished.push({ agent: a, run }),
  });
  try {
    const fix = await createTask(rt, agent('tester'), { type: 'fix_product', assignedTo: 'builder', payload: { product: 'Other product' } });
    assert.ok(isRight(fix));
    assert.ok(await until(() => finished.length === 1, 30_000), 'the failing run finished');
    // An agent's new task waits behind the backoff …
    const second = await createTask(rt, agent('tester'), { type: 'fix_product', assignedTo: 'builder', payload: { product: 'Third product' } });
    assert.ok(isRight(second));
    await new Promise((r) => setTimeout(r, 2_000));
    const waiting = await resolveTask(rt, second.right.taskId);
    assert.ok(isRight(waiting) && waiting.right.status === 'pending', 'an agent-made task waits behind the backoff');
    // … a person's decision does not.
    const project = await submitProject(rt, agent('pm'), projectInput());
    assert.ok(isRight(project));
    const decidedAt = Date.now();
    const decided = await decideProject(rt, human(), { id: project.right.projectId, decision: 'approve' });
    assert.ok(isRight(decided) && decided.right.buildTaskId);
    const built = await until(async () => {
      const task = await resolveTask(rt, decided.right.buildTaskId!);
      return isRight(task) && task.right.status === 'completed';
    }, 30_000);
    assert.ok(built, 'the approved project was built without waiting for the ten-minute backoff');
    assert.ok(Date.now() - decidedAt < 30_000);
  } finally {
    await swarm.stop();
    await contained.close();
    await rt.dispose();
  }
});

test.run();
