import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createClaudeDriver } from '../../agents/drivers/claude-driver.js';
import { claimsBubblewrapSandbox, driverRun, isAlive } from './driver-harness.js';

const test = suite('claude driver (fake Claude Code CLI: what the real one cannot be made to do)');
const now = new Date('2026-03-10T16:20:00Z');
const driver = createClaudeDriver({ graceMs: 500, clock: () => now });

test('the older usage-limit message with an epoch gives rate_limited with that reset time', async () => {
  const run = driverRun({ prompt: 'scenario:limit-epoch do the task', env: { FAKE_LLM_RESET_EPOCH: '1773165600' } });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'rate_limited');
    assert.is(outcome.resetAt, '2026-03-10T18:00:00.000Z');
    assert.equal(run.events.filter((e) => e.kind === 'rate_limited'), [{ kind: 'rate_limited', provider: 'claude', resetAt: '2026-03-10T18:00:00.000Z' }]);
  } finally {
    run.cleanup();
  }
});

test('a non-zero exit without a result is crashed, with the last stderr line as the reason', async () => {
  const run = driverRun({ prompt: 'scenario:crash' });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'crashed');
    assert.is(outcome.exitCode, 3);
    assert.match(outcome.reason ?? '', /exit code 3/);
    assert.match(run.log(), /\[stderr\] TypeError/);
  } finally {
    run.cleanup();
  }
});

test('a hung run is stopped through the signal within the grace period, even when it ignores SIGTERM', async () => {
  const run = driverRun({ prompt: 'scenario:hang-stubborn' });
  try {
    const running = driver.run(run.request, run.onEvent);
    // Stopped once its first message is out (a fixed wait was too short on a loaded machine).
    for (let waited = 0; !run.events.some((e) => e.kind === 'usage') && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 100));
    const stoppedAt = Date.now();
    run.abort.abort();
    const outcome = await running;
    assert.is(outcome.outcome, 'stopped');
    assert.ok(Date.now() - stoppedAt < 500 + 1500, `took ${Date.now() - stoppedAt} ms`);
    assert.not.ok(isAlive(run.recorded().pid));
    // No result came: what the messages so far used is still counted, priced from the table (Sonnet $3/$15).
    assert.is(outcome.inputTokens, 10);
    assert.is(outcome.outputTokens, 5);
    assert.is(outcome.costUsd, (10 * 3 + 5 * 15) / 1e6);
  } finally {
    run.cleanup();
  }
});

test('megabytes of streamed output are drained as they come, never blocking the child (W-10)', async () => {
  const run = driverRun({ prompt: 'scenario:flood' });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'completed', outcome.reason);
    assert.is(outcome.outputTokens, 6000);
    assert.ok(run.log().length > 6_000_000);
  } finally {
    run.cleanup();
  }
});

test('the child sees exactly the run environment (and no outside traffic of its own): no secret of another role from the parent', async () => {
  process.env.GUMROAD_PASSWORD = 'publisher-only-secret';
  const run = driverRun({ env: { ANTHROPIC_API_KEY: 'builder-key' } });
  try {
    await driver.run(run.request, run.onEvent);
    const seen = run.recorded();
    assert.equal(seen.env, { ...run.request.env, CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', SWARM_AGENT_ENDPOINT: join(run.dir, 'agent.sock') });
    assert.is(seen.env.GUMROAD_PASSWORD, undefined);
    assert.is(seen.cwd, run.request.workspace);
  } finally {
    delete process.env.GUMROAD_PASSWORD;
    run.cleanup();
  }
});

test('the prompt and model arrive verbatim as arguments: quotes, $(…) and ; are not interpreted', async () => {
  const prompt = `Say "hi" and 'bye'; $(touch pwned) \`id\` && rm -rf / ; echo $HOME`;
  const run = driverRun({ prompt, model: 'opus; echo injected' });
  try {
    await driver.run(run.request, run.onEvent);
    assert.equal(run.recorded().argv, ['-p', prompt, '--output-format', 'stream-json', '--verbose', '--model', 'opus; echo injected', '--permission-mode', 'acceptEdits']);
  } finally {
    run.cleanup();
  }
});

test('permissions are skipped only inside a bubblewrap sandbox; outside one Claude Code keeps its checks', async () => {
  const outside = driverRun();
  const inside = driverRun();
  try {
    await driver.run(outside.request, outside.onEvent);
    assert.not.ok(outside.recorded().argv.includes('--dangerously-skip-permissions'));
    assert.is(outside.recorded().env.IS_SANDBOX, undefined, 'never said outside a sandbox');
    await driver.run({ ...inside.request, sandbox: claimsBubblewrapSandbox(inside.dir) }, inside.onEvent);
    assert.equal(inside.recorded().argv.slice(-1), ['--dangerously-skip-permissions']);
    assert.is(inside.recorded().env.IS_SANDBOX, '1');
  } finally {
    outside.cleanup();
    inside.cleanup();
  }
});

test('a prompt too long for one argument goes through stdin', async () => {
  const prompt = `long prompt ${'x'.repeat(150_000)}`;
  const run = driverRun({ prompt });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'completed');
    const seen = run.recorded();
    assert.is(seen.argv[0], '-p');
    assert.is(seen.argv[1], '--output-format');
    assert.is(seen.stdin, prompt);
  } finally {
    run.cleanup();
  }
});

test('a missing claude executable is a crashed run that says so', async () => {
  const run = driverRun();
  try {
    const missing = createClaudeDriver({ command: 'claude-not-installed', graceMs: 100 });
    const outcome = await missing.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'crashed');
    assert.match(outcome.reason ?? '', /claude-not-installed: not found on the run's PATH/);
  } finally {
    run.cleanup();
  }
});

test('a run whose signal is already aborted starts nothing', async () => {
  const run = driverRun();
  try {
    run.abort.abort();
    const outcome = await driver.run(run.request, run.onEvent);
    assert.is(outcome.outcome, 'stopped');
    assert.is(outcome.exitCode, null);
  } finally {
    run.cleanup();
  }
});

test.run();
