import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecisionContext } from '../../domain/decider.js';
import { runDecider, type RunCommand, type RunEvent } from '../../domain/run/index.js';
import { spec } from './spec.js';

const ctx: DecisionContext = { now: '2026-11-24T10:00:00.000Z', actor: { kind: 'system', id: 'dispatcher' } };
const start: RunCommand = {
  type: 'StartRun',
  runId: 'r-1',
  agent: 'builder',
  taskId: 't-1',
  driver: 'sim',
  model: 'opus',
  promptHash: 'abc',
  promptPath: 'runs/r-1/prompt.md',
  logPath: 'runs/r-1/output.log',
};
const started: RunEvent = { type: 'RunStarted', data: { runId: 'r-1', agent: 'builder', taskId: 't-1', driver: 'sim', model: 'opus', promptHash: 'abc', promptPath: 'runs/r-1/prompt.md', logPath: 'runs/r-1/output.log' } };
const used = (inputTokens: number, outputTokens: number, costUsd: number): RunEvent => ({ type: 'TokensUsed', data: { agent: 'builder', inputTokens, outputTokens, costUsd } });
const finish = (inputTokens: number, outputTokens: number, costUsd: number): RunCommand => ({
  type: 'FinishRun', exitCode: 0, durationMs: 1200, inputTokens, outputTokens, costUsd, outcome: 'completed',
});

test('a run starts with its agent, task, driver, model and stored prompt', () => {
  spec(runDecider).given([]).when(start, ctx).thenEvents([started]);
});

test('a run cannot start twice', () => {
  spec(runDecider).given([started]).when(start, ctx).thenFails('conflict');
});

test('nothing is recorded for a run that has not started', () => {
  spec(runDecider).given([]).when({ type: 'RecordToolCall', name: 'bash', inputSummary: 'ls' }, ctx).thenFails('not_found');
});

test('token usage is recorded under the run’s agent (W-12: usage is recorded as it happens, with its cost)', () => {
  spec(runDecider).given([started]).when({ type: 'RecordTokens', inputTokens: 100, outputTokens: 20, costUsd: 0.01 }, ctx).thenEvents([used(100, 20, 0.01)]);
});

test('finishing reports the totals and records the part not yet reported as usage', () => {
  const events = spec(runDecider).given([started, used(100, 20, 0.01)]).when(finish(150, 30, 0.025), ctx).events();
  assert.equal(events[0], used(50, 10, 0.015));
  assert.equal(events[1], { type: 'RunFinished', data: { exitCode: 0, durationMs: 1200, inputTokens: 150, outputTokens: 30, costUsd: 0.025, outcome: 'completed' } });
});

test('finishing with exactly the recorded totals adds no usage', () => {
  const events = spec(runDecider).given([started, used(100, 20, 0.01)]).when(finish(100, 20, 0.01), ctx).events();
  assert.equal(events.map((e) => e.type), ['RunFinished']);
});

test('finishing with totals below what the run already recorded is refused, naming the field', () => {
  spec(runDecider).given([started, used(100, 20, 0.01)]).when(finish(90, 20, 0.01), ctx).thenFails('invalid', { field: 'inputTokens' });
});

test('nothing may be added to a finished run', () => {
  const finished: RunEvent = { type: 'RunFinished', data: { exitCode: 0, durationMs: 1, inputTokens: 0, outputTokens: 0, costUsd: 0, outcome: 'completed' } };
  spec(runDecider).given([started, finished]).when({ type: 'RecordTokens', inputTokens: 1, outputTokens: 1, costUsd: 0 }, ctx).thenFails('conflict');
  spec(runDecider).given([started, finished]).when(finish(0, 0, 0), ctx).thenFails('conflict');
});

test('a provider rate limit is recorded with its reset time', () => {
  spec(runDecider)
    .given([started])
    .when({ type: 'RecordRateLimit', provider: 'claude', resetAt: '2026-11-24T15:00:00.000Z' }, ctx)
    .thenEvents([{ type: 'ProviderRateLimited', data: { provider: 'claude', resetAt: '2026-11-24T15:00:00.000Z' } }]);
});

test.run();
