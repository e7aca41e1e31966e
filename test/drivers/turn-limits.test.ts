import { execFileSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createAnthropicDriver } from '../../agents/drivers/anthropic-driver.js';
import { claudeArgs, createClaudeDriver } from '../../agents/drivers/claude-driver.js';
import { createCodexDriver } from '../../agents/drivers/codex-driver.js';
import { startFakeMessagesApi, type FakeMessagesApi } from '../fakes/anthropic/fake-messages-api.js';
import { driverRun, isAlive } from './driver-harness.js';

// Issue 13 point 4: the role's max turns (`agents.<role>.maxTurns`, RunRequest.maxTurns) reach every driver.
const test = suite<{ api: FakeMessagesApi }>('the role\'s turn limit reaches Claude Code, Codex and the Messages API loop');

test.before(async (ctx) => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
  ctx.api = await startFakeMessagesApi({ swarmCall: { bin: 'swarm', args: ['status'] } });
});
test.after(async ({ api }) => api.close());

test('claude gets --max-turns with the run\'s limit, and no flag when the request has none', () => {
  const withLimit = claudeArgs({ prompt: 'p', model: 'opus', maxTurns: 80 }, true).args;
  assert.equal(withLimit.slice(withLimit.indexOf('--max-turns'), withLimit.indexOf('--max-turns') + 2), ['--max-turns', '80']);
  assert.not.ok(claudeArgs({ prompt: 'p', model: 'opus' }, true).args.includes('--max-turns'));
});

test('Claude Code stopped by --max-turns is a failed run that says the turn cap was reached', async () => {
  const run = driverRun();
  try {
    const outcome = await createClaudeDriver({ graceMs: 500 }).run({ ...run.request, maxTurns: 2 }, run.onEvent);
    const argv = run.recorded().argv;
    assert.equal(argv.slice(argv.indexOf('--max-turns'), argv.indexOf('--max-turns') + 2), ['--max-turns', '2']);
    assert.is(outcome.outcome, 'failed');
    assert.match(outcome.reason ?? '', /turn cap reached \(claude --max-turns 2\)/);
  } finally {
    run.cleanup();
  }
});

test('codex exec has no turn setting: the driver counts tool steps and stops the run past the limit', async () => {
  const run = driverRun({ prompt: 'scenario:busy keep running commands', model: 'gpt-5-codex' });
  try {
    const started = Date.now();
    const outcome = await createCodexDriver({ graceMs: 500 }).run({ ...run.request, maxTurns: 3 }, run.onEvent);
    assert.is(outcome.outcome, 'failed');
    assert.match(outcome.reason ?? '', /turn cap reached \(3 tool steps/);
    assert.ok(Date.now() - started < 10_000, 'stopped, not left running');
    const tools = run.events.filter((e) => e.kind === 'tool').length;
    assert.ok(tools >= 3 && tools <= 4, `${tools} tool steps reported`);
    assert.not.ok(isAlive(run.recorded().pid), 'the codex process is gone');
  } finally {
    run.cleanup();
  }
});

test('a codex run within its limit is not touched by it', async () => {
  const run = driverRun({ model: 'gpt-5-codex' });
  try {
    const outcome = await createCodexDriver({ graceMs: 500 }).run({ ...run.request, maxTurns: 2 }, run.onEvent);
    assert.is(outcome.outcome, 'completed', outcome.reason);
  } finally {
    run.cleanup();
  }
});

test('the Messages API loop ends at the request\'s limit when the operator set none', async ({ api }) => {
  const run = driverRun({ prompt: 'scenario:loop', model: 'claude-sonnet-4-6', env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: api.baseUrl } });
  try {
    const before = api.requests.length;
    const outcome = await createAnthropicDriver().run({ ...run.request, maxTurns: 2 }, run.onEvent);
    assert.is(outcome.outcome, 'failed');
    assert.match(outcome.reason ?? '', /turn cap reached \(2 model turns\)/);
    assert.is(api.requests.length - before, 2);
  } finally {
    run.cleanup();
  }
});

test('the operator\'s SWARM_ANTHROPIC_MAX_TURNS (a driver option) outranks the role\'s limit', async ({ api }) => {
  const run = driverRun({ prompt: 'scenario:loop', model: 'claude-sonnet-4-6', env: { ANTHROPIC_API_KEY: 'k', ANTHROPIC_BASE_URL: api.baseUrl } });
  try {
    const outcome = await createAnthropicDriver({ maxTurns: 1 }).run({ ...run.request, maxTurns: 5 }, run.onEvent);
    assert.match(outcome.reason ?? '', /turn cap reached \(1 model turns\)/);
  } finally {
    run.cleanup();
  }
});

test.run();
