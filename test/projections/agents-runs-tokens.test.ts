import { isRight, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainError } from '../../domain/errors.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { changeAgentStatus, recordHeartbeat } from '../../processes/commands/agent-commands.js';
import { checkBudget, setBudget } from '../../processes/commands/budget-commands.js';
import { finishRun, recordTokens, recordToolCall, startRun } from '../../processes/commands/run-commands.js';
import { agentsProjection } from '../../projections/agents/agents-projection.js';
import { agentTable, findRun, runsOfAgent } from '../../projections/agents/queries.js';
import { runsProjection } from '../../projections/agents/runs-projection.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { budgetDay, usageOn } from '../../projections/tokens/queries.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import { agent, createTestRuntime, human, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { reactTo } from '../../processes/engine/run-process-managers.js';
import { budgetGuard } from '../../processes/pipeline/budget-guard.js';
import { assertFoldFromStartEqualsApply, recordedAt } from './fold-from-start-check.js';
import { assertRebuildEqualsLive, assertRedeliveryChangesNothing } from './projection-checks.js';

const test = suite<{ rt: TestRuntime }>('agents, runs and tokens projections');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
  ctx.rt.setNow('2026-11-24T10:00:00.000Z');
});
test.after.each(({ rt }) => rt.dispose());

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`refused: ${e.left.code} ${e.left.message}`);
  return e.right;
};

/** A builder run on task t-1 that used 1500 tokens for $0.03 (1000 reported during the run, the rest at its end). */
const aRun = async (rt: TestRuntime, runId = 'r-1', agentName = 'builder') => {
  const dispatcher = system('dispatcher');
  ok(await changeAgentStatus(rt, dispatcher, { agent: agentName, status: 'working', currentTaskId: 't-1' }));
  ok(await startRun(rt, dispatcher, { runId, agent: agentName, taskId: 't-1', driver: 'sim', model: 'opus', promptHash: 'h', promptPath: 'p.md', logPath: 'o.log' }));
  ok(await recordHeartbeat(rt, agent(agentName), { agent: agentName }));
  ok(await recordToolCall(rt, dispatcher, { runId, name: 'bash', inputSummary: 'npm test' }));
  ok(await recordTokens(rt, dispatcher, { runId, inputTokens: 800, outputTokens: 200, costUsd: 0.02 }));
  ok(await finishRun(rt, dispatcher, { runId, exitCode: 0, durationMs: 5000, inputTokens: 1200, outputTokens: 300, costUsd: 0.03, outcome: 'completed' }));
};

test('swarm agents shows status, current task, last heartbeat and tokens today', async ({ rt }) => {
  await aRun(rt);
  const rows = agentTable(await freshReader(rt.log, rt.projections, agentsProjection), await freshReader(rt.log, rt.projections, tokensProjection), '2026-11-24');
  assert.is(rows.length, 10);
  assert.equal(rows.find((r) => r.agent === 'builder'), {
    agent: 'builder', status: 'working', currentTask: 't-1', lastHeartbeat: '2026-11-24T10:00:00.000Z', tokensToday: 1500,
  });
  assert.equal(rows.find((r) => r.agent === 'critic'), { agent: 'critic', status: 'offline', currentTask: '', lastHeartbeat: '', tokensToday: 0 });
});

test('a run’s view has its tool calls, and token totals equal to what it reported at its end', async ({ rt }) => {
  await aRun(rt);
  const runs = await freshReader(rt.log, rt.projections, runsProjection);
  const run = findRun(runs, 'r-1')!;
  assert.is(run.status, 'finished');
  assert.is(run.outcome, 'completed');
  assert.is(run.toolCalls, 1);
  assert.equal([run.inputTokens, run.outputTokens, run.costMicroUsd], [1200, 300, 30_000]);
  await aRun(rt, 'r-2');
  assert.equal(runsOfAgent(await freshReader(rt.log, rt.projections, runsProjection), 'builder').map((r) => r.runId), ['r-2', 'r-1']);
});

test('token usage is counted per agent and day and for the swarm, each token once', async ({ rt }) => {
  await aRun(rt, 'r-1', 'builder');
  await aRun(rt, 'r-2', 'critic');
  rt.setNow('2026-11-25T01:00:00.000Z');
  await aRun(rt, 'r-3', 'builder');
  const tokens = await freshReader(rt.log, rt.projections, tokensProjection);
  assert.is(usageOn(tokens, '2026-11-24', 'builder').totalTokens, 1500);
  assert.is(usageOn(tokens, '2026-11-24').totalTokens, 3000);
  assert.is(usageOn(tokens, '2026-11-24').costMicroUsd, 60_000);
  assert.is(usageOn(tokens, '2026-11-25').totalTokens, 1500);
});

test('the budget guard raises the day’s warning once from the projected usage (W-12)', async ({ rt }) => {
  ok(await setBudget(rt, human(), { scope: 'builder', dailyTokens: 2000 }));
  await aRun(rt);
  assert.equal(ok(await checkBudget(rt, system('budget-guard'), { scope: 'builder' })).appended, ['BudgetWarningRaised']);
  assert.equal(ok(await checkBudget(rt, system('budget-guard'), { scope: 'builder' })).appended, []);
  const day = budgetDay(await freshReader(rt.log, rt.projections, tokensProjection), 'builder', '2026-11-24');
  assert.equal(day?.warned, { used: 1500, limit: 2000 });
});

test('a budget set below what the agent spent today is exhausted at once by the guard, not at its next token report', async ({ rt }) => {
  await aRun(rt);
  ok(await setBudget(rt, human(), { scope: 'builder', dailyTokens: 1000 }));
  const set = (await rt.log.readStream('budget-builder'));
  const budgetSet = (set._tag === 'Right' ? set.right : []).find((e) => e.type === 'BudgetSet')!;
  await reactTo(budgetGuard, budgetSet, rt);
  const after = await rt.log.readStream('budget-builder');
  assert.ok(after._tag === 'Right' && after.right.some((e) => e.type === 'BudgetExhausted'), 'exhausted when the budget was set');
  const day = budgetDay(await freshReader(rt.log, rt.projections, tokensProjection), 'builder', '2026-11-24');
  assert.equal(day?.exhausted, { used: 1500, limit: 1000 });
});

test('an agent may not set its budget', async ({ rt }) => {
  const refused = await setBudget(rt, agent('builder'), { scope: 'builder', dailyTokens: 10 ** 9 });
  assert.is(refused._tag === 'Left' && refused.left.code, 'forbidden');
});

test('rebuilds equal the live models, and redelivery changes nothing', async ({ rt }) => {
  ok(await setBudget(rt, human(), { scope: 'swarm', dailyTokens: 2000 }));
  await aRun(rt, 'r-1', 'builder');
  await assertRebuildEqualsLive(rt.log, rt.projections, agentsProjection);
  await aRun(rt, 'r-2', 'critic');
  ok(await checkBudget(rt, system('budget-guard'), { scope: 'swarm' }));
  for (const projection of [agentsProjection, runsProjection, tokensProjection]) {
    await assertRebuildEqualsLive(rt.log, rt.projections, projection);
    await assertRedeliveryChangesNothing(rt.log, projection);
  }
});

/** Runs of several agents with every run event, across days, including events for a run never started and a run started twice. */
const runHistory = () => {
  const events: RecordedEvent[] = [];
  let i = 0;
  const add = (stream: string, type: string, data: unknown) => events.push(recordedAt(i, i * 97, stream, type, data)) && i++;
  for (let r = 0; r < 30; r++) {
    const stream = `run-r${r}`;
    const agentName = `a${r % 4}`;
    add(stream, 'RunStarted', { runId: `r${r}`, agent: agentName, ...(r % 2 ? { taskId: `t${r}` } : {}), driver: 'sim', model: 'opus', promptHash: 'h', promptPath: 'p', logPath: 'l' });
    add(stream, 'RunProgressed', { summary: 'working' });
    add(stream, 'ToolCalled', { name: 'bash', inputSummary: 'ls' });
    add(stream, 'TokensUsed', { agent: agentName, inputTokens: 100 + r, outputTokens: 7 * r, costUsd: 0.001 * r });
    if (r % 5 === 0) add(stream, 'ProviderRateLimited', { provider: 'anthropic', ...(r % 10 ? { resetAt: '2026-11-25T00:00:00.000Z' } : {}) });
    if (r % 3 !== 2) add(stream, 'RunFinished', { outcome: r % 3 ? 'completed' : 'failed', exitCode: r % 3 ? 0 : 1, durationMs: 10 * r, inputTokens: 1, outputTokens: 1, costUsd: 0, ...(r % 3 ? {} : { reason: 'boom' }) });
    if (r % 7 === 0) add(stream, 'ProviderRateLimited', { provider: 'openai' });
  }
  add('run-ghost', 'ToolCalled', { name: 'bash', inputSummary: 'ls' });
  add('run-r1', 'RunStarted', { runId: 'r1', agent: 'a9', driver: 'sim', model: 'opus', promptHash: 'h', promptPath: 'p', logPath: 'l' });
  add('run-r1', 'TokensUsed', { agent: 'a9', inputTokens: 5, outputTokens: 5, costUsd: 0.5 });
  return events;
};

test('a fold of runs from position 0 in one go gives the same documents, in the same order, as applying event by event', () => {
  assertFoldFromStartEqualsApply(runsProjection, runHistory(), 10);
});

test('a fold of token usage and budgets from position 0 in one go gives the same documents as applying event by event', () => {
  const events = runHistory();
  let i = events.length;
  const add = (stream: string, type: string, data: unknown) => events.push(recordedAt(i, i * 97, stream, type, data)) && i++;
  add('budget-swarm', 'BudgetSet', { dailyTokens: 1000, by: 'human:me' });
  add('budget-a1', 'BudgetSet', { dailyTokens: 50, by: 'human:me' });
  add('budget-a1', 'BudgetWarningRaised', { day: '2026-11-26', used: 45, limit: 50 });
  add('budget-a1', 'BudgetExhausted', { day: '2026-11-26', used: 55, limit: 50 });
  add('budget-a1', 'BudgetRaised', { day: '2026-11-26', dailyTokens: 80, by: 'human:me' });
  add('budget-a1', 'BudgetResumed', { day: '2026-11-26', by: 'human:me' });
  add('budget-swarm', 'BudgetSet', { dailyTokens: 2000, by: 'human:me' });
  assertFoldFromStartEqualsApply(tokensProjection, events.filter((e) => tokensProjection.eventTypes.includes(e.type)), 3);
});

test.run();
