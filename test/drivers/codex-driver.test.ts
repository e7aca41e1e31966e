import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCodexDriver } from '../../agents/drivers/codex-driver.js';
import { costOf } from '../../agents/drivers/model-prices.js';
import { claimsBubblewrapSandbox, driverRun, isAlive } from './driver-harness.js';

const test = suite('codex driver (fake Codex CLI: what the real one cannot be made to do)');
const now = new Date('2026-03-10T16:20:00Z');
const driver = createCodexDriver({ graceMs: 500, clock: () => now });

test('a model without a price costs 0 and the run says so', async () => {
  const run = driverRun({ model: 'some-new-model' });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.costUsd, 0);
    assert.is(outcome.inputTokens, 24763);
    assert.ok(run.events.some((e) => e.kind === 'progress' && /no price known for model some-new-model/.test(e.note ?? '')));
  } finally {
    run.cleanup();
  }
});

test('the usage-limit error in its duration form ("try again in 2 hours 30 minutes") gives rate_limited at now + 2h30', async () => {
  const run = driverRun({ prompt: 'scenario:limit', model: 'gpt-5-codex' });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'rate_limited');
    assert.is(outcome.resetAt, '2026-03-10T18:50:00.000Z');
    assert.equal(run.events.filter((e) => e.kind === 'rate_limited'), [{ kind: 'rate_limited', provider: 'codex', resetAt: '2026-03-10T18:50:00.000Z' }]);
  } finally {
    run.cleanup();
  }
});

test('a non-zero exit without a turn result is crashed', async () => {
  const run = driverRun({ prompt: 'scenario:crash' });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'crashed');
    assert.is(outcome.exitCode, 101);
    assert.match(outcome.reason ?? '', /exit code 101/);
  } finally {
    run.cleanup();
  }
});

test('a hung run is stopped through the signal within the grace period', async () => {
  const run = driverRun({ prompt: 'scenario:hang-stubborn' });
  try {
    const running = driver.run(run.request, run.onEvent);
    await new Promise((r) => setTimeout(r, 400));
    const stoppedAt = Date.now();
    run.abort.abort();
    const outcome = await running;
    assert.is(outcome.outcome, 'stopped');
    assert.ok(Date.now() - stoppedAt < 500 + 1500, `took ${Date.now() - stoppedAt} ms`);
    assert.not.ok(isAlive(run.recorded().pid));
  } finally {
    run.cleanup();
  }
});

test('the child sees exactly the run environment, and the prompt arrives verbatim after --', async () => {
  process.env.NPM_TOKEN = 'publisher-only-secret';
  const prompt = `-starts with a dash; "quotes" 'single' $(whoami) \`id\` | cat > /tmp/x`;
  const run = driverRun({ prompt, model: 'gpt-5-codex', env: { OPENAI_API_KEY: 'builder-key' } });
  try {
    await driver.run({ ...run.request, sandbox: claimsBubblewrapSandbox(run.dir) }, run.onEvent);
    const seen = run.recorded();
    assert.equal(seen.env, { ...run.request.env, SWARM_AGENT_ENDPOINT: join(run.dir, 'agent.sock') });
    assert.is(seen.env.NPM_TOKEN, undefined);
    assert.equal(seen.argv, ['exec', '--json', '--model', 'gpt-5-codex', '--skip-git-repo-check', '-c', 'allow_login_shell=false', '--dangerously-bypass-approvals-and-sandbox', '--', prompt]);
  } finally {
    delete process.env.NPM_TOKEN;
    run.cleanup();
  }
});

test('outside a bubblewrap sandbox Codex keeps its own sandbox instead of bypassing it', async () => {
  const run = driverRun();
  try {
    await driver.run(run.request, run.onEvent);
    assert.equal(run.recorded().argv.slice(7, 9), ['--sandbox', 'workspace-write']);
    assert.not.ok(run.recorded().argv.includes('--dangerously-bypass-approvals-and-sandbox'));
  } finally {
    run.cleanup();
  }
});

test('the sandbox can be Codex\'s own instead of bypassed', async () => {
  const run = driverRun();
  try {
    await createCodexDriver({ sandbox: 'workspace-write' }).run(run.request, run.onEvent);
    assert.equal(run.recorded().argv.slice(7, 9), ['--sandbox', 'workspace-write']);
  } finally {
    run.cleanup();
  }
});

test('a prompt too long for one argument goes through stdin as "-"', async () => {
  const prompt = `long ${'y'.repeat(150_000)}`;
  const run = driverRun({ prompt });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'completed');
    assert.is(run.recorded().argv.at(-1), '-');
    assert.is(run.recorded().stdin, prompt);
  } finally {
    run.cleanup();
  }
});

test.run();
