import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { looksSecret } from '../../cli/commands/config.js';
import { swarmHome } from '../e2e/swarm-process.js';

// `swarm config` (issue 13 point 4): the effective configuration, where each value came from, secrets masked.
const test = suite('swarm config');

test.before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
});

interface Line {
  setting: string;
  value: unknown;
  source: string;
  from?: string;
  follows?: string;
}
interface Shown {
  configFile: { path: string; found: boolean };
  driver: { name: string; why: string };
  settings: Line[];
  environment: { variable: string; value: unknown; source: string }[];
}

const secrets = {
  ANTHROPIC_API_KEY: 'sk-ant-api03-very-secret',
  GITHUB_TOKEN: 'ghp_secretsecret',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
  SWARM_STORE: 'esdb://admin:changeit@127.0.0.1:2113?tls=false',
};

test('every value with its source: default, the file, or the environment variable; a role cap that follows tokens.sessionMax says so', () => {
  const s = swarmHome({ SWARM_LLM_PROVIDER: '', SWARM_SESSION_MAX_TOKENS: '70000', ...secrets });
  try {
    const file = join(s.home, 'config.json');
    writeFileSync(
      file,
      JSON.stringify({
        supervisor: { restartDelaySeconds: 5 },
        llm: { manualOverrideEnv: 'AUTODEV_LLM_PROVIDER' },
        agents: { builder: { maxTurns: 12, sessionMaxTokens: 300_000 } },
        scheduler: { jobs: { hunter_scan: { enabled: false }, daily_summary: { cron: '0 7 * * *' } } },
      }),
    );
    const r = s.cli('swarm', ['config', '--json'], { AUTODEV_LLM_PROVIDER: 'codex' });
    assert.is(r.code, 0, r.stderr);
    const shown = r.json<Shown>();
    const at = (setting: string) => shown.settings.find((l) => l.setting === setting);
    assert.equal(shown.configFile, { path: file, found: true });
    assert.equal(shown.driver, { name: 'codex', why: 'AUTODEV_LLM_PROVIDER' });
    assert.equal(at('supervisor.restartDelaySeconds'), { setting: 'supervisor.restartDelaySeconds', value: 5, source: 'file', from: file });
    assert.equal(at('supervisor.maxRestartDelaySeconds'), { setting: 'supervisor.maxRestartDelaySeconds', value: 300, source: 'default' });
    assert.equal(at('tokens.sessionMax'), { setting: 'tokens.sessionMax', value: 70_000, source: 'environment', from: 'SWARM_SESSION_MAX_TOKENS' });
    assert.equal(at('agents.builder.maxTurns'), { setting: 'agents.builder.maxTurns', value: 12, source: 'file', from: file });
    assert.equal(at('agents.builder.sessionMaxTokens')?.value, 300_000);
    assert.equal(at('agents.tester.maxTurns'), { setting: 'agents.tester.maxTurns', value: 60, source: 'default' });
    assert.equal(at('agents.tester.sessionMaxTokens'), {
      setting: 'agents.tester.sessionMaxTokens',
      value: 70_000,
      source: 'environment',
      from: 'SWARM_SESSION_MAX_TOKENS',
      follows: 'tokens.sessionMax',
    });
    assert.equal(at('scheduler.jobs.hunter_scan.enabled'), { setting: 'scheduler.jobs.hunter_scan.enabled', value: false, source: 'file', from: file });
    assert.equal(at('scheduler.jobs.daily_summary.cron')?.value, '0 7 * * *');
    assert.equal(at('scheduler.jobs.github_monitor.cron'), { setting: 'scheduler.jobs.github_monitor.cron', value: '0 * * * *', source: 'default' });

    const text = s.cli('swarm', ['config'], { AUTODEV_LLM_PROVIDER: 'codex' }).stdout;
    assert.match(text, /agents\.tester\.sessionMaxTokens\s+70000\s+follows tokens\.sessionMax \(environment SWARM_SESSION_MAX_TOKENS\)/);
    assert.match(text, new RegExp(`supervisor\\.restartDelaySeconds\\s+5\\s+file ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`));
  } finally {
    void s.cleanup();
  }
});

test('secrets are masked in the text and in --json: keys, tokens, passwords, and a password in a store URL', () => {
  const s = swarmHome({ SWARM_LLM_PROVIDER: '', ...secrets });
  try {
    for (const args of [['config'], ['config', '--json']]) {
      const r = s.cli('swarm', args);
      assert.is(r.code, 0, r.stderr);
      for (const value of ['sk-ant-api03-very-secret', 'ghp_secretsecret', 'signing-secret-value', 'changeit']) assert.not.ok(r.stdout.includes(value), `${value} leaked`);
      assert.match(r.stdout, /ANTHROPIC_API_KEY/);
      assert.match(r.stdout, /esdb:\/\/admin:\*\*\*@127\.0\.0\.1:2113/);
    }
    const environment = s.cli('swarm', ['config', '--json']).json<Shown>().environment;
    assert.equal(environment.find((e) => e.variable === 'GITHUB_TOKEN'), { variable: 'GITHUB_TOKEN', value: '<set, masked>', source: 'environment' });
  } finally {
    void s.cleanup();
  }
});

test('what looks like a secret: the last word token, key, secret, password …; counts of tokens do not', () => {
  for (const name of ['ANTHROPIC_API_KEY', 'GITHUB_TOKEN', 'CLAUDE_CODE_OAUTH_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'GUMROAD_PASSWORD', 'SWARM_RUN_TOKEN', 'apiKey', 'webhookSecret'])
    assert.ok(looksSecret(name), name);
  for (const name of ['SWARM_DAILY_TOKEN_BUDGET', 'SWARM_SESSION_MAX_TOKENS', 'sessionMaxTokens', 'tokens.sessionMax', 'SWARM_HOME', 'manualOverrideEnv'])
    assert.not.ok(looksSecret(name), name);
});

test('a bad configuration is exit code 2 naming the field, with --json too; nothing is opened or written', () => {
  const s = swarmHome({ SWARM_LLM_PROVIDER: '' });
  try {
    writeFileSync(join(s.home, 'config.json'), JSON.stringify({ scheduler: { jobs: { daily_summary: { cron: '0 25 * * *' } } } }));
    const r = s.cli('swarm', ['config', '--json']);
    assert.is(r.code, 2);
    assert.equal(r.json<{ status: string; field: string }>().field, 'scheduler.jobs.daily_summary.cron');
    assert.match(r.stderr, /scheduler\.jobs\.daily_summary\.cron: hour "25": 25 is outside 0–23/);
    writeFileSync(join(s.home, 'config.json'), JSON.stringify({ tokens: { sessionMaks: 5 } }));
    const unknown = s.cli('swarm', ['config']);
    assert.is(unknown.code, 2);
    assert.match(unknown.stderr, /tokens\.sessionMaks: not a setting/);
    assert.not.ok(existsSync(join(s.home, 'swarm.db')));
  } finally {
    void s.cleanup();
  }
});

test.run();
