import { spawn, spawnSync } from 'node:child_process';
import { isRight } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { AgentDriver, RunOutcome, RunRequest } from '../../agents/drivers/driver.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { createLogger } from '../../infra/logging/logger.js';
import { createTask, resolveTask } from '../../processes/commands/task-commands.js';
import type { FinishedRun } from '../../processes/dispatcher/agent-run.js';
import { backoffDelay, restartBackoff, type BackoffPolicy } from '../../processes/dispatcher/backoff.js';
import { startDispatcher } from '../../processes/dispatcher/dispatcher.js';
import { runPreparer } from '../../processes/dispatcher/prepare-run.js';
import { agent, type TestRuntime } from '../fixtures/test-runtime.js';
import { storeCases } from '../fixtures/store-cases.js';
import { scriptDriver } from '../fixtures/script-driver.js';
import { startTestContainment, type TestContainment } from '../fixtures/containment.js';
import type { RoleConfig } from '../../agents/roles.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

// Issue 13 point 4: the per-run token cap, the roles' turn limits and the restart backoff act, from the config through
// the run preparation (the same runPreparer `swarm up` uses) into the dispatcher, on the real SQLite log with real
// agent processes.
for (const store of storeCases) {
  const test = suite<{ rt: TestRuntime; contained: TestContainment }>(`run limits from the config (${store.name})`);
  test.before.each(async (ctx) => {
    ctx.rt = await store.runtime();
    ctx.contained = await startTestContainment(ctx.rt, ctx.rt.dir);
  });
  test.after.each(async (ctx) => {
    await ctx.contained.close();
    await ctx.rt.dispose();
  });

  const start = (
    ctx: { rt: TestRuntime; contained: TestContainment },
    driver: AgentDriver,
    options: { config?: RoleConfig; backoff?: BackoffPolicy; agents?: string[] } = {},
  ) => {
    const finished: { agent: string; run: FinishedRun }[] = [];
    const spawned: number[] = [];
    const dispatcher = startDispatcher({
      runtime: ctx.rt,
      home: ctx.rt.dir,
      baseEnv: { PATH: process.env.PATH ?? '', SWARM_HOME: ctx.rt.dir, SWARM_LOG_LEVEL: 'silent' },
      containment: ctx.contained.containment,
      progressTimeoutMs: 20_000,
      sessionCapMs: 60_000,
      leaseRenewEveryMs: 1000,
      prepare: runPreparer({ runtime: ctx.rt, config: options.config ?? {}, secrets: {}, driverOf: () => 'sim' }),
      log: createLogger('test', { SWARM_LOG_LEVEL: 'silent' }),
      agents: options.agents ?? ['critic'],
      maxConcurrent: 8,
      backoff: options.backoff ?? { baseMs: 10, maxMs: 50 },
      driverFor: () => driver,
      onRunFinished: (who, run) => finished.push({ agent: who, run }),
      onSpawn: () => spawned.push(Date.now()),
      idleWakeMs: 50,
    });
    const until = async (n: number, ms = 20_000) => {
      const deadline = Date.now() + ms;
      while (finished.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      return finished;
    };
    return { dispatcher, finished, spawned, until };
  };

  const eventsOf = async (rt: TestRuntime, stream: string): Promise<RecordedEvent[]> => {
    const read = await rt.log.readStream(stream);
    return isRight(read) ? [...read.right] : [];
  };

  const newTask = async (rt: TestRuntime) => {
    const created = await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'an idea' } });
    assert.ok(isRight(created));
    return created.right.taskId;
  };

  /**
   * An agent program (a real process in the run's sandbox) that keeps working until it is stopped, each line of its
   * output reported as a model message of 40 new input and 20 output tokens.
   */
  const spendingAgent: AgentDriver = {
    name: 'sim',
    usesLlm: false,
    run: (request, onEvent) =>
      new Promise<RunOutcome>((resolve) => {
        const began = Date.now();
        let inputTokens = 0;
        let outputTokens = 0;
        const program = request.sandbox.wrap(
          { command: process.execPath, args: ['-e', `setInterval(() => console.log('still working'), 50)`], cwd: request.workspace, env: request.env },
          { network: false },
        );
        const child = spawn(program.command, [...program.args], { cwd: program.cwd, env: { ...program.env }, stdio: ['ignore', 'pipe', 'ignore'] });
        const stop = () => child.kill('SIGKILL');
        request.signal.addEventListener('abort', stop, { once: true });
        child.stdout.on('data', (chunk: Buffer) => {
          for (const text of chunk.toString().split('\n').filter(Boolean)) {
            inputTokens += 40;
            outputTokens += 20;
            onEvent({ kind: 'progress', note: text });
            onEvent({ kind: 'usage', inputTokens: 40, outputTokens: 20, costUsd: 0 });
          }
        });
        child.on('close', (code) => {
          request.signal.removeEventListener('abort', stop);
          resolve({ exitCode: code, durationMs: Date.now() - began, inputTokens, outputTokens, costUsd: 0, outcome: request.signal.aborted ? 'stopped' : 'completed' });
        });
      }),
  };

  test('a run past its token cap (tokens.sessionMax) is stopped and its task handed back, with "token cap" in the events', async (ctx) => {
    const taskId = await newTask(ctx.rt);
    const d = start(ctx, spendingAgent, { config: { tokens: { sessionMax: 100 } } });
    const [done] = await d.until(1);
    await d.dispatcher.stop();
    assert.is(done!.run.outcome.outcome, 'stopped');
    assert.is(done!.run.task, 'released');

    const released = (await eventsOf(ctx.rt, `task-${taskId}`)).find((e) => e.type === 'TaskReleased');
    assert.ok(released, 'the task was handed back');
    const data = released!.data as { reason: string; attemptRefunded: boolean };
    assert.match(data.reason, /^run stopped: token cap of 100 tokens reached \(120 used\)$/);
    assert.is(data.attemptRefunded, false, 'the attempt counts: a task that always overruns dead-letters after the last');

    const finishedEvent = (await eventsOf(ctx.rt, `run-${done!.run.runId}`)).find((e) => e.type === 'RunFinished');
    assert.match((finishedEvent!.data as { reason?: string }).reason ?? '', /token cap of 100 tokens reached/);
    const task = await resolveTask(ctx.rt, taskId);
    assert.ok(isRight(task) && task.right.status === 'pending', 'back in the queue');
  });

  test("a role's own cap (agents.<role>.sessionMaxTokens) outranks tokens.sessionMax", async (ctx) => {
    await newTask(ctx.rt);
    const quick = scriptDriver(() => `console.log('done'); setTimeout(() => process.exit(0), 300)`);
    const d = start(ctx, quick, { config: { tokens: { sessionMax: 50 }, agents: { critic: { sessionMaxTokens: 1_000 } } } });
    const [done] = await d.until(1);
    await d.dispatcher.stop();
    assert.is(done!.run.outcome.outcome, 'completed', done!.run.outcome.reason);
    const finishedEvent = (await eventsOf(ctx.rt, `run-${done!.run.runId}`)).find((e) => e.type === 'RunFinished');
    assert.not.match((finishedEvent!.data as { reason?: string }).reason ?? '', /token cap/);
  });

  test('tokens read from the prompt cache do not count toward the cap', async (ctx) => {
    await newTask(ctx.rt);
    const cached: AgentDriver = {
      name: 'sim',
      usesLlm: false,
      run: async (request, onEvent) => {
        onEvent({ kind: 'usage', inputTokens: 5_100, cachedInputTokens: 5_000, outputTokens: 50, costUsd: 0 });
        await new Promise((r) => setTimeout(r, 200));
        return { exitCode: 0, durationMs: 200, inputTokens: 5_100, outputTokens: 50, costUsd: 0, outcome: request.signal.aborted ? 'stopped' : 'completed' };
      },
    };
    const d = start(ctx, cached, { config: { tokens: { sessionMax: 200 } } });
    const [done] = await d.until(1);
    await d.dispatcher.stop();
    assert.is(done!.run.outcome.outcome, 'completed', '150 counted tokens are within 200');
  });

  test("the role's max turns reach the driver's request: agents.<role>.maxTurns, else the role's default", async (ctx) => {
    await newTask(ctx.rt);
    assert.ok(isRight(await createTask(ctx.rt, agent('hunter'), { type: 'research', payload: { title: 'a market' } })));
    const requests: RunRequest[] = [];
    const recording: AgentDriver = {
      name: 'sim',
      usesLlm: false,
      run: async (request) => {
        requests.push(request);
        return { exitCode: 0, durationMs: 1, inputTokens: 0, outputTokens: 0, costUsd: 0, outcome: 'completed' };
      },
    };
    const d = start(ctx, recording, { config: { agents: { critic: { maxTurns: 7 } } }, agents: ['critic', 'hunter'] });
    await d.until(2);
    await d.dispatcher.stop();
    assert.equal(Object.fromEntries(requests.map((r) => [r.agent, r.maxTurns])), { critic: 7, hunter: 40 });
  });

  test('the restart backoff is min(restartDelaySeconds × 2^failures, maxRestartDelaySeconds): 20, 40, 80, 160, 300 s by default', () => {
    const policy = restartBackoff({ restartDelaySeconds: 10, maxRestartDelaySeconds: 300 });
    assert.equal([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy, n) / 1000), [0, 20, 40, 80, 160, 300, 300]);
    assert.equal([1, 2, 3].map((n) => backoffDelay(restartBackoff({ restartDelaySeconds: 1, maxRestartDelaySeconds: 3 }), n) / 1000), [2, 3, 3]);
    assert.equal(backoffDelay(restartBackoff({ restartDelaySeconds: 0, maxRestartDelaySeconds: 300 }), 4), 0);
  });

  test('the dispatcher waits the configured backoff before running an agent whose runs keep failing', async (ctx) => {
    await newTask(ctx.rt);
    const crashing = scriptDriver(() => 'process.exit(3)');
    // 0.25 s → the second run waits 0.5 s after the first failure, the third 1 s after the second.
    const d = start(ctx, crashing, { backoff: restartBackoff({ restartDelaySeconds: 0.25, maxRestartDelaySeconds: 300 }) });
    const runs = await d.until(3);
    await d.dispatcher.stop();
    assert.equal(runs.map((r) => r.run.outcome.outcome), ['crashed', 'crashed', 'crashed']);
    const [first, second, third] = d.spawned;
    assert.ok(second! - first! >= 500, `second run ${second! - first!} ms after the first`);
    assert.ok(third! - second! >= 1_000, `third run ${third! - second!} ms after the second`);
  });

  test.run();
}
