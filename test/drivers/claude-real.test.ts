/**
 * The claude driver with the real Claude Code (the pinned version, scripts/agent-clis.mjs) in the real bubblewrap
 * sandbox, against the scripted model server: tool calls that run the swarm CLI through the agent endpoint, usage and
 * cost, retries, usage limits. The swarm runs as root here, as in containers: Claude Code's permission skip works
 * only because the driver says it is in a sandbox (IS_SANDBOX=1) inside one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createClaudeDriver } from '../../agents/drivers/claude-driver.js';
import { parseJsonLine } from '../../agents/drivers/stream-json.js';
import { claudeEnv, keepRecording, realCliBins, startRealCliWorld, type RealCliWorld } from './real-cli-run.js';

const test = suite<{ world: RealCliWorld }>('claude driver (real Claude Code, scripted model, bubblewrap)');
const bins = realCliBins();
const driver = createClaudeDriver({ command: bins.claude, graceMs: 2_000 });
const resetEpoch = Math.floor(Date.now() / 1000) + 2 * 3600;
const passedEpoch = Math.floor(Date.now() / 1000) - 10 * 60;
const unifiedLimit = (reset: number, claim: string) => ({
  status: 429,
  times: Infinity,
  headers: {
    'anthropic-ratelimit-unified-status': 'rejected',
    'anthropic-ratelimit-unified-reset': String(reset),
    'anthropic-ratelimit-unified-representative-claim': claim,
  },
});

test.before(async (ctx) => {
  ctx.world = await startRealCliWorld({
    work: [
      { kind: 'shell', command: 'swarm task show "$SWARM_TASK_ID" --json', usage: { input: 2100, output: 40, cacheWrite: 1800 } },
      { kind: 'write', path: 'REPORT.md', content: '# Report\n\nBuilt and checked.\n', usage: { input: 60, output: 55, cacheRead: 3900 } },
      { kind: 'shell', command: `swarm task complete "$SWARM_TASK_ID" --result '{"report":"REPORT.md"}'`, usage: { input: 80, output: 30, cacheRead: 4000 } },
      { kind: 'answer', text: 'The report is written and the task completed.', usage: { input: 30, output: 20, cacheRead: 4100 } },
    ],
    flaky: [{ kind: 'answer', text: 'Done after the retries.', usage: { input: 500, output: 10 }, failFirst: [{ status: 500 }, { status: 529 }] }],
    limited: [{ kind: 'answer', text: 'never', failFirst: [unifiedLimit(resetEpoch, 'five_hour')] }],
    // A background subagent: Claude Code prints a result when the main loop ends and another when the subagent's
    // news has been answered, each with the session's running total.
    background: [
      {
        kind: 'tool',
        name: 'Agent',
        input: { description: 'Check the spec', prompt: 'script:subagent Check the spec.', subagent_type: 'general-purpose', run_in_background: true },
        usage: { input: 1000, output: 50 },
      },
      { kind: 'answer', text: 'Main loop done.', usage: { input: 1100, output: 30 } },
    ],
    // A tool's output that speaks of a 429 and a rate limit is the agent's work, never a limit (W-11).
    'tool-429': [
      { kind: 'shell', command: "echo 'FAIL test/api.test.js: server answered 429 Too Many Requests (rate limit hit)'" },
      { kind: 'answer', text: 'The API test fails with a 429; reported.' },
    ],
    refused: [{ kind: 'answer', text: 'never', failFirst: [{ status: 400, times: Infinity, body: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long' } } }] }],
    subagent: [
      { kind: 'shell', command: 'echo spec-checked', usage: { input: 700, output: 25 } },
      { kind: 'answer', text: 'The spec is fine.', usage: { input: 750, output: 15 } },
    ],
    'limit-passed': [{ kind: 'answer', text: 'never', failFirst: [unifiedLimit(passedEpoch, 'five_hour')] }],
  });
});
test.after(async ({ world }) => world.close());

const resultLines = (logPath: string) =>
  readFileSync(logPath, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const event = parseJsonLine(line);
      return event && event.type === 'result' ? [event] : [];
    });

test('a run of tool calls: the swarm CLI through the agent endpoint completes the task, the file is written', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'claude-sonnet-4-6', prompt: 'script:work Build the product.', extraEnv: () => claudeEnv(world.model) });
  const outcome = await driver.run(run.request, run.onEvent);
  keepRecording('claude-swarm-task', run.request.logPath);
  assert.is(outcome.outcome, 'completed', `${outcome.reason}\n${readFileSync(run.request.logPath, 'utf8').slice(-2000)}`);
  assert.is(outcome.exitCode, 0);
  assert.is((await run.task()).status, 'completed', 'the agent completed its task through the endpoint');
  assert.is(readFileSync(join(run.runFolder, 'REPORT.md'), 'utf8'), '# Report\n\nBuilt and checked.\n');
  assert.equal(
    run.events.flatMap((e) => (e.kind === 'tool' ? [`${e.name}: ${e.summary}`] : [])),
    ['Bash: swarm task show "$SWARM_TASK_ID" --json', 'Write: REPORT.md', `Bash: swarm task complete "$SWARM_TASK_ID" --result '{"report":"REPORT.md"}'`],
  );
  const log = readFileSync(run.request.logPath, 'utf8');
  assert.match(log, /"tool_use_id"[^\n]*"status": ?\\?"claimed|"tool_use_id"[^\n]*claimed/, 'the task as the endpoint showed it came back as a tool result');
  // Usage: every scripted turn's tokens (cache reads and writes are input), the cost Claude Code computed.
  assert.is(outcome.inputTokens, 2100 + 1800 + 60 + 3900 + 80 + 4000 + 30 + 4100);
  assert.is(outcome.outputTokens, 40 + 55 + 30 + 20);
  const results = resultLines(run.request.logPath);
  assert.is(results.length, 1);
  assert.is(outcome.costUsd, Math.round((results[0]!.total_cost_usd as number) * 1e6) / 1e6);
  assert.ok(outcome.costUsd > 0);
  const cached = run.events.reduce((n, e) => n + (e.kind === 'usage' ? (e.cachedInputTokens ?? 0) : 0), 0);
  assert.is(cached, 3900 + 4000 + 4100);
  // What Claude Code sent: the Messages API, streamed, with the key; nothing else left the sandbox for the server.
  const requests = world.model.requests.filter((r) => r.script === 'work');
  assert.is(requests.length, 4);
  assert.ok(requests.every((r) => r.url.startsWith('/v1/messages') && r.body.stream === true && r.headers['x-api-key'] === 'sk-ant-scripted'));
  assert.match(String(requests[0]!.headers['user-agent']), /^claude-cli\/2\.1\.332/);
});

test('500 and 529 answers are retried by Claude Code and the run completes', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'claude-sonnet-4-6', prompt: 'script:flaky go', extraEnv: () => claudeEnv(world.model) });
  const outcome = await driver.run(run.request, run.onEvent);
  keepRecording('claude-retries', run.request.logPath);
  assert.is(outcome.outcome, 'completed', outcome.reason);
  assert.equal(world.model.requests.filter((r) => r.script === 'flaky').map((r) => r.status), [500, 529, 200]);
  assert.equal(
    run.events.flatMap((e) => (e.kind === 'progress' && e.note?.startsWith('API retry') ? [e.note] : [])),
    ['API retry 1/10 after 500', 'API retry 2/10 after 529'],
  );
  assert.is(outcome.inputTokens, 500);
  assert.not.ok(run.events.some((e) => e.kind === 'rate_limited'));
});

test('a subscription 429 with rate-limit headers is rate_limited with the reset the headers gave', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'claude-sonnet-4-6', prompt: 'script:limited go', extraEnv: () => claudeEnv(world.model, 'subscription') });
  const outcome = await driver.run(run.request, run.onEvent);
  keepRecording('claude-five-hour-limit', run.request.logPath);
  const resetAt = new Date(resetEpoch * 1000).toISOString();
  assert.is(outcome.outcome, 'rate_limited', outcome.reason);
  assert.is(outcome.resetAt, resetAt);
  assert.equal(run.events.filter((e) => e.kind === 'rate_limited'), [{ kind: 'rate_limited', provider: 'claude', resetAt }]);
  assert.match(readFileSync(run.request.logPath, 'utf8'), /You've hit your 5-hour limit · resets/);
});

test('a limit whose reset has just passed (no rate_limit_event) is still rate_limited, at that reset', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'claude-sonnet-4-6', prompt: 'script:limit-passed go', extraEnv: () => claudeEnv(world.model, 'subscription') });
  const outcome = await driver.run(run.request, run.onEvent);
  keepRecording('claude-limit-reset-passed', run.request.logPath);
  assert.is(outcome.outcome, 'rate_limited', outcome.reason);
  const log = readFileSync(run.request.logPath, 'utf8');
  assert.not.match(log, /"rate_limit_event"/);
  // The structured field (`api_error_params.rate_limit_info.resetsAt`) still has it, to the second.
  assert.is(outcome.resetAt, new Date(passedEpoch * 1000).toISOString());
  assert.match(log, /You've hit your 5-hour limit · resets \d{1,2}(:\d\d)?[ap]m \(UTC\)/);
  assert.ok(existsSync(run.request.logPath));
});

test('a tool result mentioning 429 and a rate limit is not a rate limit (W-11)', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'claude-sonnet-4-6', prompt: 'script:tool-429 go', extraEnv: () => claudeEnv(world.model) });
  const outcome = await driver.run(run.request, run.onEvent);
  assert.is(outcome.outcome, 'completed', outcome.reason);
  assert.not.ok(run.events.some((e) => e.kind === 'rate_limited'));
  assert.match(readFileSync(run.request.logPath, 'utf8'), /"tool_result"[^\n]*429 Too Many Requests \(rate limit hit\)/);
});

test('an API error Claude Code does not retry (400) is a failed run with its message as the reason', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'claude-sonnet-4-6', prompt: 'script:refused go', extraEnv: () => claudeEnv(world.model) });
  const outcome = await driver.run(run.request, run.onEvent);
  assert.is(outcome.outcome, 'failed', outcome.reason);
  assert.match(outcome.reason ?? '', /claude reported an error: .*prompt is too long/i, `${outcome.reason}\n${readFileSync(run.request.logPath, 'utf8').slice(-3000)}`);
  assert.not.ok(run.events.some((e) => e.kind === 'rate_limited'));
});

test('a background subagent gives two result lines with a running cost: counted once, tokens of every model', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'claude-sonnet-4-6', prompt: 'script:background go', extraEnv: () => claudeEnv(world.model) });
  const outcome = await driver.run(run.request, run.onEvent);
  keepRecording('claude-background-subagent', run.request.logPath);
  assert.is(outcome.outcome, 'completed', outcome.reason);
  const results = resultLines(run.request.logPath);
  assert.ok(results.length >= 2, `${results.length} result lines`);
  const last = results.at(-1)!;
  assert.is(outcome.costUsd, Math.round((last.total_cost_usd as number) * 1e6) / 1e6, 'the last running total, not a sum');
  const models = Object.values(last.modelUsage as Record<string, { inputTokens: number; cacheReadInputTokens: number; cacheCreationInputTokens: number; outputTokens: number }>);
  assert.is(outcome.inputTokens, models.reduce((n, m) => n + m.inputTokens + m.cacheReadInputTokens + m.cacheCreationInputTokens, 0));
  assert.is(outcome.outputTokens, models.reduce((n, m) => n + m.outputTokens, 0));
  assert.ok(world.model.requests.some((r) => r.script === 'subagent'), 'the subagent talked to the model too');
});

test.run();
