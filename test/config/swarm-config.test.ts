import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { roleSettings } from '../../agents/roles.js';
import { defaultConfig, loadConfigWithSources, type LoadedConfig } from '../../infra/config/swarm-config.js';
import { configureJobs, defaultJobs, planJobs } from '../../processes/scheduler/scheduled-jobs.js';
import { createScheduler } from '../../processes/scheduler/scheduler.js';
import { chooseDriverName } from '../../processes/swarm/llm-choice.js';
import { createTestRuntime } from '../fixtures/test-runtime.js';

// Issue 13 point 4: every setting acts or is refused, and each value says where it came from.
const test = suite<{ home: string }>('configuration');
test.before.each((ctx) => {
  ctx.home = mkdtempSync(join(tmpdir(), 'swarmlog-config-'));
});
test.after.each(({ home }) => rmSync(home, { recursive: true, force: true }));

const load = (home: string, file: unknown, env: Record<string, string> = {}) => {
  if (file !== undefined) writeFileSync(join(home, 'config.json'), JSON.stringify(file));
  return loadConfigWithSources({ SWARM_HOME: home, ...env });
};
const loaded = (home: string, file: unknown, env: Record<string, string> = {}): LoadedConfig => {
  const result = load(home, file, env);
  if (isLeft(result)) throw new Error(result.left);
  return result.right;
};
const refusal = (home: string, file: unknown, env: Record<string, string> = {}): string => {
  const result = load(home, file, env);
  assert.ok(isLeft(result), 'refused');
  return isLeft(result) ? result.left : '';
};

test('without a file every setting is its default, and says so', ({ home }) => {
  const c = loaded(home, undefined);
  assert.equal(c.config, defaultConfig);
  assert.is(c.fileFound, false);
  assert.equal(c.sources, {});
});

test('a value from the file says the file; one from the environment says the variable, and wins', ({ home }) => {
  const c = loaded(home, { tokens: { sessionMax: 50_000 }, supervisor: { restartDelaySeconds: 5 } }, { SWARM_SESSION_MAX_TOKENS: '70000' });
  assert.is(c.config.tokens.sessionMax, 70_000);
  assert.is(c.config.supervisor.restartDelaySeconds, 5);
  assert.equal(c.sources['tokens.sessionMax'], { kind: 'environment', variable: 'SWARM_SESSION_MAX_TOKENS' });
  assert.equal(c.sources['supervisor.restartDelaySeconds'], { kind: 'file', file: join(home, 'config.json') });
  assert.is(c.sources['supervisor.maxRestartDelaySeconds'], undefined);
});

test('a key that is not a setting is refused, naming it and what is accepted there (no setting is silently ignored)', ({ home }) => {
  assert.match(refusal(home, { tokens: { sessionMaks: 1 } }), /tokens\.sessionMaks: not a setting \(accepted here: dailyBudgetPerAgent, dailyBudgetSwarm, sessionMax, warningThreshold\)/);
  assert.match(refusal(home, { watcher: { restart_delay: 10 } }), /watcher: not a setting/);
  assert.match(refusal(home, { agents: { builder: { session_max_tokens: 1 } } }), /agents\.builder\.session_max_tokens: not a setting/);
  assert.match(refusal(home, { scheduler: { jobs: { hunter_scan: { schedule: '0 * * * *' } } } }), /scheduler\.jobs\.hunter_scan\.schedule: not a setting \(accepted here: enabled, cron, graceSeconds\)/);
});

test('bad values are refused naming the field, and the variable when the environment set it', ({ home }) => {
  assert.match(refusal(home, { agents: { builder: { maxTurns: 0 } } }), /agents\.builder\.maxTurns: expected a whole number > 0, got 0/);
  assert.match(refusal(home, { agents: { buildr: { maxTurns: 3 } } }), /agents\.buildr: "buildr" is not an agent role/);
  assert.match(refusal(home, { tokens: { sessionMax: 1.5 } }), /tokens\.sessionMax: expected a whole number > 0/);
  assert.match(refusal(home, { supervisor: { restartDelaySeconds: 60, maxRestartDelaySeconds: 30 } }), /supervisor\.maxRestartDelaySeconds: 30 is below supervisor\.restartDelaySeconds \(60\)/);
  assert.match(refusal(home, { llm: { manualOverrideEnv: 'not a name' } }), /llm\.manualOverrideEnv: expected the name of an environment variable/);
  assert.match(refusal(home, { scheduler: { jobs: { hunter_scan: { enabled: 'no' } } } }), /scheduler\.jobs\.hunter_scan\.enabled: expected boolean, got "no"/);
  assert.match(refusal(home, undefined, { SWARM_SESSION_MAX_TOKENS: 'lots' }), /SWARM_SESSION_MAX_TOKENS: expected a number \(for tokens\.sessionMax\), got "lots"/);
  assert.match(refusal(home, undefined, { SWARM_SESSION_MAX_TOKENS: '-5' }), /config \(SWARM_SESSION_MAX_TOKENS\): tokens\.sessionMax: expected a whole number > 0, got -5/);
});

test('a role takes its own turn limit and token cap when set, else its defaults and tokens.sessionMax', ({ home }) => {
  const c = loaded(home, { tokens: { sessionMax: 90_000 }, agents: { builder: { maxTurns: 12, sessionMaxTokens: 300_000 } } });
  assert.equal(roleSettings('builder', c.config), { model: 'opus', maxTurns: 12, sessionMaxTokens: 300_000 });
  assert.equal(roleSettings('tester', c.config), { model: 'opus', maxTurns: 60, sessionMaxTokens: 90_000 });
});

test('llm.manualOverrideEnv names the variable that overrides the provider', ({ home }) => {
  const c = loaded(home, { llm: { manualOverrideEnv: 'AUTODEV_LLM_PROVIDER' } });
  const settings = { manualOverrideEnv: c.config.llm.manualOverrideEnv };
  assert.equal(chooseDriverName(undefined, { AUTODEV_LLM_PROVIDER: 'Codex' }, settings), { name: 'codex', why: 'AUTODEV_LLM_PROVIDER' });
  // The default variable no longer does anything once another is named.
  assert.equal(chooseDriverName(undefined, { SWARM_LLM_PROVIDER: 'codex' }, settings), { name: 'sim', why: 'no LLM configured' });
  assert.equal(chooseDriverName(undefined, { SWARM_LLM_PROVIDER: 'codex' }, { manualOverrideEnv: 'SWARM_LLM_PROVIDER' }), { name: 'codex', why: 'SWARM_LLM_PROVIDER' });
  // The original ran claude on a name it did not know (SUP-34); this one says what is accepted.
  assert.equal(chooseDriverName(undefined, { AUTODEV_LLM_PROVIDER: 'gpt' }, settings), { error: 'AUTODEV_LLM_PROVIDER: expected sim, claude, codex, anthropic, got "gpt"' });
  assert.equal(chooseDriverName('anthropic', { AUTODEV_LLM_PROVIDER: 'codex' }, settings), { name: 'anthropic', why: '--driver' });
  assert.equal(
    chooseDriverName(undefined, {}, { manualOverrideEnv: 'X', configuredProvider: { name: 'claude', where: 'file /c.json' } }),
    { name: 'claude', why: 'file /c.json' },
  );
});

test('scheduler.jobs turns jobs off, reschedules them and changes their grace', ({ home }) => {
  const c = loaded(home, { scheduler: { jobs: { hunter_scan: { enabled: false }, daily_summary: { cron: '0 7 * * 1-5', graceSeconds: 60 } } } });
  const jobs = configureJobs(defaultJobs, c.config.scheduler.jobs);
  assert.ok(isRight(jobs));
  const byName = Object.fromEntries((isRight(jobs) ? jobs.right : []).map((j) => [j.name, j]));
  assert.is(byName.hunter_scan!.enabled, false);
  assert.is(byName.daily_summary!.schedule, '0 7 * * 1-5');
  assert.is(byName.daily_summary!.graceSeconds, 60);
  assert.is(byName.github_monitor!.schedule, '0 * * * *', 'jobs not named keep their defaults');
});

test('an unknown job name or a bad cron expression in scheduler.jobs is refused, naming the field', () => {
  const unknown = configureJobs(defaultJobs, { daily_sumary: { cron: '0 7 * * *' } });
  assert.ok(isLeft(unknown) && unknown.left.field === 'scheduler.jobs.daily_sumary', JSON.stringify(unknown));
  assert.match(isLeft(unknown) ? unknown.left.message : '', /"daily_sumary" is not a scheduled job \(hunter_scan, github_monitor, daily_summary, gumroad_sales_sync, proposal_expiry, lock_cleanup\)/);
  const badCron = configureJobs(defaultJobs, { daily_summary: { cron: '0 25 * * *' } });
  assert.ok(isLeft(badCron) && badCron.left.field === 'scheduler.jobs.daily_summary.cron');
  assert.match(isLeft(badCron) ? badCron.left.message : '', /hour "25": 25 is outside 0–23/);
});

test('the scheduler fires a rescheduled job at its new time and never a disabled one', async () => {
  const rt = createTestRuntime();
  try {
    const configured = configureJobs(defaultJobs, { hunter_scan: { enabled: false }, daily_summary: { cron: '10 6 * * *' } });
    const planned = planJobs(isRight(configured) ? configured.right : []);
    assert.ok(isRight(planned));
    const scheduler = createScheduler(rt, isRight(planned) ? planned.right : []);
    // 06:10 UTC: the 06:00 hunter slot is within its grace, so only the config keeps it from firing.
    rt.setNow('2026-03-10T06:10:05.000Z');
    const fired = (await scheduler.tick()).filter((f) => f.outcome === 'fired').map((f) => f.job);
    assert.ok(fired.includes('daily_summary'), fired.join(', '));
    assert.not.ok(fired.includes('hunter_scan'), 'disabled in config');
    rt.setNow('2026-03-10T09:00:05.000Z');
    const at9 = (await scheduler.tick()).map((f) => `${f.job}:${f.outcome}`);
    assert.not.ok(at9.includes('daily_summary:fired'), `not at the old 09:00 any more (${at9.join(', ')})`);
  } finally {
    await rt.dispose();
  }
});

test.run();
