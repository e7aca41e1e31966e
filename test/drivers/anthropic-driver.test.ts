import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createAnthropicDriver } from '../../agents/drivers/anthropic-driver.js';
import { apiKeyOf, startFakeMessagesApi, type FakeMessagesApi } from '../fakes/anthropic/fake-messages-api.js';
import { driverRun } from './driver-harness.js';

const test = suite<{ api: FakeMessagesApi }>('anthropic driver (real SDK against a local fake Messages API)');
const now = new Date('2026-03-10T16:20:00Z');
const memoryText = 'Prices "quoted"; $(touch pwned) `id` stay verbatim';

test.before(async (ctx) => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
  ctx.api = await startFakeMessagesApi({ swarmCall: { bin: 'swarm', args: ['memory', 'add', '--type', 'fact', memoryText] } });
});
test.after(async ({ api }) => api.close());

const withApi = (api: FakeMessagesApi, prompt: string, env: Record<string, string> = {}) => {
  const run = driverRun({ prompt, model: 'claude-sonnet-4-6', env: { ANTHROPIC_API_KEY: 'sk-builder-role-key', ANTHROPIC_BASE_URL: api.baseUrl, ...env } });
  mkdirSync(join(run.dir, 'home'), { recursive: true });
  return run;
};

const toolResultsOf = (api: FakeMessagesApi, requestIndex: number) =>
  (api.requests[requestIndex]!.body.messages.at(-1)!.content as { type: string; tool_use_id: string; content: string; is_error?: boolean }[]);

test('an agent loop runs tool_use turns until end_turn: files in the workspace, the swarm CLI, usage and cost', async ({ api }) => {
  const run = withApi(api, 'scenario:tools write a plan and record it', {});
  const home = join(run.dir, 'home');
  const request = { ...run.request, env: { ...run.request.env, SWARM_HOME: home } };
  const before = api.requests.length;
  try {
    const outcome = await createAnthropicDriver({ clock: () => now }).run(request, run.onEvent);
    assert.is(outcome.outcome, 'completed', outcome.reason);
    assert.is(outcome.exitCode, null);
    assert.is(api.requests.length - before, 5);
    // 5 responses × (1000 input + 100 cache write + 400 cache read, 200 output); Sonnet $3/$15, writes $3.75, reads $0.30
    assert.is(outcome.inputTokens, 5 * 1500);
    assert.is(outcome.outputTokens, 5 * 200);
    assert.is(outcome.costUsd, Math.round(5 * ((1000 * 3 + 200 * 15 + 100 * 3.75 + 400 * 0.3) / 1e6) * 1e6) / 1e6);
    assert.is(readFileSync(join(run.dir, 'notes/plan.md'), 'utf8'), '# Plan\n- "quoted" $(not run); fine\n');
    assert.equal(
      run.events.filter((e) => e.kind === 'tool').map((e) => (e.kind === 'tool' ? e.name : '')),
      ['write_file', 'read_file', 'list_files', 'swarm', 'read_file', 'write_file'],
    );

    const readBack = toolResultsOf(api, before + 2);
    assert.is(readBack[0]!.content, '# Plan\n- "quoted" $(not run); fine\n');
    assert.match(readBack[1]!.content, /notes\/\nnotes\/plan\.md/);

    const swarmResult = toolResultsOf(api, before + 3)[0]!;
    assert.not.ok(swarmResult.is_error, swarmResult.content);
    assert.match(swarmResult.content, /^exit code 0/);
    const recent = spawnSync('node', ['cli/bin/swarm', 'memory', 'recent', '--json'], { env: { ...process.env, SWARM_HOME: home, SWARM_AGENT: '' }, encoding: 'utf8' });
    assert.match(recent.stdout, /Prices \\"quoted\\"; \$\(touch pwned\) `id` stay verbatim/);
    assert.not.ok(existsSync(join(run.dir, 'pwned')));

    const bad = toolResultsOf(api, before + 4);
    assert.ok(bad[0]!.is_error);
    assert.match(bad[0]!.content, /bad input for read_file: input\.path: expected string/);
    assert.ok(bad[1]!.is_error);
    assert.match(bad[1]!.content, /path: "\.\.\/escape\.txt" uses "\.\."/);
    assert.not.ok(existsSync(join(run.dir, '..', 'escape.txt')));
  } finally {
    run.cleanup();
  }
});

test('the request carries the role key from the run env, tools and the model; never the process key', async ({ api }) => {
  process.env.ANTHROPIC_API_KEY = 'sk-process-key-must-not-leak';
  process.env.ANTHROPIC_AUTH_TOKEN = 'process-token-must-not-leak';
  const run = withApi(api, 'say hello');
  const before = api.requests.length;
  try {
    const outcome = await createAnthropicDriver().run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'completed', outcome.reason);
    const sent = api.requests[before]!;
    assert.is(apiKeyOf(sent.headers), 'sk-builder-role-key');
    assert.not.match(JSON.stringify(sent.headers), /must-not-leak/);
    assert.is(sent.body.model, 'claude-sonnet-4-6');
    assert.equal(sent.body.tools!.map((t) => t.name), ['swarm', 'read_file', 'write_file', 'list_files', 'run_command']);
    assert.equal(sent.body.messages, [{ role: 'user', content: 'say hello' }]);
  } finally {
    delete process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_AUTH_TOKEN;
    run.cleanup();
  }
});

test('a run without the role key fails with a reason and sends nothing', async ({ api }) => {
  const run = driverRun({ prompt: 'hello', env: { ANTHROPIC_BASE_URL: api.baseUrl } });
  const before = api.requests.length;
  try {
    const outcome = await createAnthropicDriver().run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'failed');
    assert.match(outcome.reason ?? '', /ANTHROPIC_API_KEY is not in this run's environment/);
    assert.is(api.requests.length, before);
  } finally {
    run.cleanup();
  }
});

test('a 429 is rate_limited with the reset from retry-after', async ({ api }) => {
  const run = withApi(api, 'scenario:rate-limit');
  try {
    const outcome = await createAnthropicDriver({ clock: () => now }).run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'rate_limited');
    assert.is(outcome.resetAt, '2026-03-10T16:21:30.000Z');
    assert.equal(run.events.filter((e) => e.kind === 'rate_limited'), [{ kind: 'rate_limited', provider: 'anthropic', resetAt: '2026-03-10T16:21:30.000Z' }]);
  } finally {
    run.cleanup();
  }
});

test('a 429 without retry-after takes the reset of the exhausted limit from the rate-limit headers', async ({ api }) => {
  const run = withApi(api, 'scenario:rate-limit-reset');
  try {
    const outcome = await createAnthropicDriver({ clock: () => now }).run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'rate_limited');
    assert.is(outcome.resetAt, '2026-03-10T17:00:00.000Z');
  } finally {
    run.cleanup();
  }
});

test('a hung API call is stopped through the signal', async ({ api }) => {
  const run = withApi(api, 'scenario:hang');
  try {
    const running = createAnthropicDriver().run(run.request, run.onEvent);
    await new Promise((r) => setTimeout(r, 200));
    const stoppedAt = Date.now();
    run.abort.abort();
    const outcome = await running;
    assert.is(outcome.outcome, 'stopped');
    assert.ok(Date.now() - stoppedAt < 1000);
  } finally {
    run.cleanup();
  }
});

test('a model that never ends its turn is stopped at the turn cap', async ({ api }) => {
  const run = withApi(api, 'scenario:loop');
  try {
    const outcome = await createAnthropicDriver({ maxTurns: 3 }).run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'failed');
    assert.match(outcome.reason ?? '', /turn cap reached \(3 model turns\)/);
    assert.is(outcome.outputTokens, 3 * 200);
  } finally {
    run.cleanup();
  }
});

test('an unknown API address is a failed run with the reason', async () => {
  const run = driverRun({ prompt: 'hello', env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
  try {
    const outcome = await createAnthropicDriver().run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'failed');
    assert.match(outcome.reason ?? '', /anthropic API error/);
  } finally {
    run.cleanup();
  }
});

test('the run log holds every response and tool result as JSON lines', async ({ api }) => {
  const run = withApi(api, 'say hello');
  try {
    await createAnthropicDriver().run(run.request, run.onEvent);
    const lines = run.log().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    assert.ok(lines.some((l) => l.response?.content?.[0]?.text === 'Nothing to do.'));
    assert.equal(lines.at(-1).end, 'completed');
    writeFileSync(join(run.dir, 'x'), '');
  } finally {
    run.cleanup();
  }
});

test.run();
