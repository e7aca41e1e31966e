import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { agentNames } from '../../domain/agent/roles.js';
import { roleSecrets, roleSettings, roles } from '../../agents/roles.js';

const test = suite('roles');

const env = {
  PATH: '/usr/bin',
  HOME: '/home/swarm',
  ANTHROPIC_API_KEY: 'sk-ant',
  OPENAI_API_KEY: 'sk-openai',
  APIFY_TOKEN: 'apify',
  GUMROAD_EMAIL: 'shop@example.com',
  GUMROAD_PASSWORD: 'pw',
  NPM_TOKEN: 'npm',
  VERCEL_TOKEN: 'vercel',
  GITHUB_TOKEN: 'gh',
  AWS_SECRET_ACCESS_KEY: 'aws',
  SLACK_BOT_TOKEN: 'slack',
  EMPTY_KEY: '',
};

test('Opus for critic, builder, reviewer and tester; Sonnet for the others', () => {
  const opus = agentNames.filter((r) => roleSettings(r).model === 'opus');
  assert.equal(opus.sort(), ['builder', 'critic', 'reviewer', 'tester']);
  assert.ok(agentNames.filter((r) => !opus.includes(r)).every((r) => roleSettings(r).model === 'sonnet'));
});

test('agents.<name>.model overrides the default model; tokens.sessionMax the session cap (default 200 000)', () => {
  assert.is(roleSettings('hunter', { agents: { hunter: { model: 'opus' } } }).model, 'opus');
  assert.is(roleSettings('critic', { agents: { hunter: { model: 'haiku' } } }).model, 'opus');
  assert.is(roleSettings('builder').sessionMaxTokens, 200_000);
  assert.is(roleSettings('builder', { tokens: { sessionMax: 50_000 } }).sessionMaxTokens, 50_000);
  for (const r of agentNames) assert.ok(roleSettings(r).maxTurns > 0);
});

test('the publisher and support get only their provider key: the swarm holds the platform and GitHub tokens (issue 18)', () => {
  assert.equal(roleSecrets('publisher', env, 'claude'), { ANTHROPIC_API_KEY: 'sk-ant' });
  assert.equal(roleSecrets('support', env, 'codex'), { OPENAI_API_KEY: 'sk-openai' });
});

test('the hunter gets Apify, the critic only its provider key', () => {
  assert.equal(roleSecrets('hunter', env, 'anthropic'), { ANTHROPIC_API_KEY: 'sk-ant', APIFY_TOKEN: 'apify' });
  assert.equal(roleSecrets('critic', env, 'claude'), { ANTHROPIC_API_KEY: 'sk-ant' });
});

test('a simulated run gets no LLM key, and no role ever gets unrelated secrets', () => {
  assert.equal(roleSecrets('critic', env, 'sim'), {});
  for (const r of agentNames) {
    const given = roleSecrets(r, env, 'claude');
    for (const name of ['AWS_SECRET_ACCESS_KEY', 'SLACK_BOT_TOKEN', 'OPENAI_API_KEY', 'PATH', 'HOME', 'EMPTY_KEY']) assert.not.ok(name in given, `${r} got ${name}`);
  }
});

test('each role works on the task types of the domain and has a prompt file named for it', () => {
  for (const r of agentNames) {
    assert.is(roles[r].promptFile, `${r}.md`);
    assert.ok(roles[r].taskTypes.length > 0);
  }
});

test.run();
