/**
 * The codex driver with the real Codex CLI (the pinned version, scripts/agent-clis.mjs) in the real bubblewrap
 * sandbox, against the scripted model server (a `model_provider` with `wire_api = "responses"` in the run's
 * CODEX_HOME): shell calls that run the swarm CLI through the agent endpoint, a patch, usage priced from the table,
 * retries, usage limits.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCodexDriver } from '../../agents/drivers/codex-driver.js';
import { costOf } from '../../agents/drivers/model-prices.js';
import { codexEnv, keepRecording, realCliBins, startRealCliWorld, type RealCliWorld } from './real-cli-run.js';

const test = suite<{ world: RealCliWorld }>('codex driver (real Codex, scripted model, bubblewrap)');
const bins = realCliBins();
const driver = createCodexDriver({ command: bins.codex, graceMs: 2_000 });
const resetEpoch = Math.floor(Date.now() / 1000) + 3 * 3600;

test.before(async (ctx) => {
  ctx.world = await startRealCliWorld({
    work: [
      { kind: 'shell', command: 'swarm task show "$SWARM_TASK_ID" --json', usage: { input: 2000, output: 40 } },
      { kind: 'write', path: 'REPORT.md', content: '# Test report\n\nAll green.\n', usage: { input: 300, output: 60, cacheRead: 1900 } },
      { kind: 'shell', command: `swarm task complete "$SWARM_TASK_ID" --result '{"report":"REPORT.md"}'`, usage: { input: 200, output: 30, cacheRead: 2200 } },
      { kind: 'answer', text: 'Report written; task completed.', usage: { input: 100, output: 20, cacheRead: 2400 } },
    ],
    flaky: [{ kind: 'answer', text: 'Done after a retry.', usage: { input: 700, output: 15 }, failFirst: [{ status: 500 }, { status: 429, headers: { 'retry-after': '0' } }] }],
    limited: [
      {
        kind: 'answer',
        text: 'never',
        failFirst: [
          {
            status: 429,
            times: Infinity,
            headers: { 'x-codex-primary-used-percent': '100', 'x-codex-primary-window-minutes': '300', 'x-codex-primary-reset-at': String(resetEpoch) },
            body: { error: { type: 'usage_limit_reached', message: 'The usage limit has been reached', plan_type: 'plus', resets_at: resetEpoch, resets_in_seconds: 3 * 3600 } },
          },
        ],
      },
    ],
  });
});
test.after(async ({ world }) => world.close());

test('a run of shell calls: the swarm CLI through the agent endpoint completes the task, the patch writes the file', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'gpt-5-codex', prompt: 'script:work Test the product.', extraEnv: (dir) => codexEnv(world.model, dir) });
  const outcome = await driver.run(run.request, run.onEvent);
  keepRecording('codex-swarm-task', run.request.logPath);
  assert.is(outcome.outcome, 'completed', `${outcome.reason}\n${readFileSync(run.request.logPath, 'utf8').slice(-2000)}`);
  assert.is((await run.task()).status, 'completed', 'the agent completed its task through the endpoint');
  assert.is(readFileSync(join(run.runFolder, 'REPORT.md'), 'utf8'), '# Test report\n\nAll green.\n');
  const tools = run.events.flatMap((e) => (e.kind === 'tool' ? [`${e.name}: ${e.summary}`] : []));
  assert.is(tools.length, 3, tools.join('\n'));
  assert.match(tools[0]!, /^shell: .*swarm task show "\$SWARM_TASK_ID" --json.*\(exit 0\)$/);
  assert.match(tools[1]!, /^file_change: add .*REPORT\.md$/);
  assert.match(tools[2]!, /^shell: .*swarm task complete .*\(exit 0\)$/);
  // Codex adds the cached tokens into input_tokens and gives no cost: the price table does.
  const input = 2000 + 300 + 1900 + 200 + 2200 + 100 + 2400;
  const cached = 1900 + 2200 + 2400;
  assert.is(outcome.inputTokens, input);
  assert.is(outcome.outputTokens, 40 + 60 + 30 + 20);
  assert.is(outcome.costUsd, Math.round(costOf('gpt-5-codex', { input: input - cached, cachedInput: cached, output: 150 })! * 1e6) / 1e6);
  const requests = world.model.requests.filter((r) => r.script === 'work');
  assert.is(requests.length, 4);
  assert.ok(requests.every((r) => r.url === '/v1/responses' && r.body.stream === true && r.headers.authorization === 'Bearer sk-scripted'));
  assert.match(String(requests[0]!.headers['user-agent']), /^codex_exec\/0\.171\.0/);
});

test('a 500 and a 429 are retried by Codex and the run completes, not rate-limited', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'gpt-5-codex', prompt: 'script:flaky go', extraEnv: (dir) => codexEnv(world.model, dir) });
  const outcome = await driver.run(run.request, run.onEvent);
  keepRecording('codex-retries', run.request.logPath);
  assert.is(outcome.outcome, 'completed', `${outcome.reason}\n${readFileSync(run.request.logPath, 'utf8')}`);
  assert.equal(world.model.requests.filter((r) => r.script === 'flaky').map((r) => r.status), [500, 429, 200]);
  assert.not.ok(run.events.some((e) => e.kind === 'rate_limited'));
  assert.is(outcome.inputTokens, 700);
});

test('a usage_limit_reached 429 is rate_limited at the reset Codex states', async ({ world }) => {
  const run = await world.prepareRun({ agentName: 'hunter', taskType: 'research', model: 'gpt-5-codex', prompt: 'script:limited go', extraEnv: (dir) => codexEnv(world.model, dir) });
  const outcome = await driver.run(run.request, run.onEvent);
  keepRecording('codex-usage-limit', run.request.logPath);
  assert.is(outcome.outcome, 'rate_limited', outcome.reason);
  // Codex prints the reset as a clock time of its own zone ("try again at 6:33 PM."), to the minute.
  assert.is(outcome.resetAt, new Date(Math.floor(resetEpoch / 60) * 60 * 1000).toISOString());
  assert.match(readFileSync(run.request.logPath, 'utf8'), /You’ve hit your usage limit/);
});

test.run();
