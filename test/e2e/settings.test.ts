import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from './swarm-process.js';

// Issue 13 point 4 through `swarm up` as an OS process: the settings in config.json act on real runs of the `claude`
// driver (the fake Claude Code CLI in test/fakes/llm, run inside the sandbox), and a bad one stops the start.
const test = suite('settings act in swarm up');
const fakeClaude = resolve('test/fakes/llm/claude');

test.before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
});

interface LoggedEvent {
  type: string;
  stream: string;
  data: Record<string, unknown>;
}
const eventsOf = (s: ReturnType<typeof swarmHome>, type: string): LoggedEvent[] =>
  s
    .cli('swarm', ['events', '--type', type])
    .stdout.split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LoggedEvent);

test('tokens.sessionMax stops a run mid-way and hands its task back; agents.<role>.maxTurns reaches claude --max-turns', async () => {
  const s = swarmHome({ SWARM_CLAUDE_COMMAND: fakeClaude, SWARM_LLM_PROVIDER: '' });
  try {
    // The fake's "spender" session costs 500 new + 5,000 cached input and 100 output tokens a message, until stopped:
    // 600 counted a message, so the second message passes a 1,000 cap (the cache reads alone would pass it at once).
    writeFileSync(join(s.home, 'config.json'), JSON.stringify({ tokens: { sessionMax: 1_000 }, agents: { hunter: { maxTurns: 2 } } }));
    const { child } = await s.up(['--driver', 'claude', '--roles', 'critic,hunter', '--no-dashboard', '--no-scheduler']);
    const spender = s.cli('swarm', ['task', 'create', '--type', 'evaluate_idea', '--payload', '{"title":"scenario:spender idea"}', '--json']).json<{ task_id: string }>();
    const research = s.cli('swarm', ['task', 'create', '--type', 'research', '--payload', '{"title":"a market"}', '--json']).json<{ task_id: string }>();

    const released = await waitFor('the task handed back at the token cap', () => eventsOf(s, 'TaskReleased').find((e) => e.stream === `task-${spender.task_id}`), 30_000);
    assert.match(String(released.data.reason), /^run stopped: token cap of 1000 tokens reached \(1200 used\)$/);
    const stopped = eventsOf(s, 'RunFinished').find((e) => e.data.outcome === 'stopped');
    assert.match(String(stopped?.data.reason), /token cap of 1000 tokens reached/);

    // The fake Claude Code honours --max-turns like the real one: allowed 2 of its 3 turns it ends with error_max_turns.
    const failed = await waitFor('the research run ended by its turn limit', () => eventsOf(s, 'TaskFailed').find((e) => e.stream === `task-${research.task_id}`), 30_000);
    assert.match(String(failed.data.reason), /turn cap reached \(claude --max-turns 2\)/);
    await s.stop(child);
  } finally {
    await s.cleanup();
  }
});

test('scheduler.jobs turns a job off at start, and swarm up says so', async () => {
  const s = swarmHome();
  try {
    writeFileSync(join(s.home, 'config.json'), JSON.stringify({ scheduler: { jobs: { hunter_scan: { enabled: false }, daily_summary: { cron: '0 7 * * *' } } } }));
    const { child, output } = await s.up(['--no-agents', '--no-dashboard']);
    assert.match(output(), /cron: {4}github_monitor, daily_summary, gumroad_sales_sync, proposal_expiry, lock_cleanup \(off in config: hunter_scan\)/);
    await s.stop(child);
  } finally {
    await s.cleanup();
  }
});

test('a bad scheduler job, a bad setting or a bad provider override stops swarm up with exit code 2 naming it; nothing is written', () => {
  const s = swarmHome();
  try {
    const cases: [unknown, Record<string, string>, RegExp][] = [
      [{ scheduler: { jobs: { daily_sumary: { cron: '0 7 * * *' } } } }, {}, /scheduler\.jobs\.daily_sumary: "daily_sumary" is not a scheduled job/],
      [{ scheduler: { jobs: { daily_summary: { cron: '0 9 * *' } } } }, {}, /scheduler\.jobs\.daily_summary\.cron: "0 9 \* \*" needs exactly five fields/],
      [{ supervisor: { restartDelaySecs: 5 } }, {}, /supervisor\.restartDelaySecs: not a setting/],
      [{ llm: { manualOverrideEnv: 'AUTODEV_LLM_PROVIDER' } }, { AUTODEV_LLM_PROVIDER: 'gpt-4' }, /AUTODEV_LLM_PROVIDER: expected sim, claude, codex, anthropic, got "gpt-4"/],
    ];
    for (const [config, env, message] of cases) {
      writeFileSync(join(s.home, 'config.json'), JSON.stringify(config));
      const r = s.cli('swarm', ['up', '--no-dashboard'], env);
      assert.is(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.not.ok(existsSync(join(s.home, 'swarm.db')), 'the log was not even opened');
    }
  } finally {
    void s.cleanup();
  }
});

test.run();
