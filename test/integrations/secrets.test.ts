import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cliChild } from './cli-child.js';
import { openSecrets } from '../../infra/secrets/open-secrets.js';
import { startFakeSsm, type FakeSsm } from '../fakes/ssm/fake-ssm-server.js';

const accessKeyId = 'AKIDFAKESWARM';
const test = suite<{ ssm: FakeSsm; dir: string }>('secrets: environment, .env and AWS SSM through @aws-sdk/client-ssm');

test.before(() => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
});
test.before.each(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-secrets-'));
  // 23 parameters: three pages of 10; one SecureString; one outside the prefix; one nested.
  const parameters = [
    { name: '/swarmlog/test/GITHUB_TOKEN', value: 'ghp-secret-from-ssm', type: 'SecureString' as const },
    { name: '/swarmlog/test/GUMROAD_ACCESS_TOKEN', value: 'gum-secret', type: 'SecureString' as const },
    { name: '/swarmlog/test/nested/DEEP_NAME', value: 'deep', type: 'String' as const },
    { name: '/other/NPM_TOKEN', value: 'not-ours', type: 'SecureString' as const },
    ...Array.from({ length: 20 }, (_, i) => ({ name: `/swarmlog/test/EXTRA_${String(i).padStart(2, '0')}`, value: `v${i}`, type: 'String' as const })),
  ];
  ctx.ssm = await startFakeSsm({ accessKeyId, parameters });
});
test.after.each(async ({ ssm, dir }) => {
  await ssm.close();
  rmSync(dir, { recursive: true, force: true });
});

const awsEnv = (ssm: FakeSsm, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  AWS_REGION: 'us-east-1',
  AWS_ENDPOINT_URL_SSM: ssm.url,
  AWS_ACCESS_KEY_ID: accessKeyId,
  AWS_SECRET_ACCESS_KEY: 'fake-secret-key',
  SWARM_SSM_PREFIX: '/swarmlog/test',
  SWARM_ENV_FILE: '/nonexistent/.env',
  ...extra,
});

test('every parameter under the prefix is read, across pages, SecureStrings decrypted', async ({ ssm }) => {
  const opened = await openSecrets(awsEnv(ssm), { refreshTimer: false });
  if (isLeft(opened)) throw new Error(opened.left);
  const s = opened.right;
  assert.is(s.get('GITHUB_TOKEN'), 'ghp-secret-from-ssm');
  assert.is(s.sourceOf('GITHUB_TOKEN'), 'ssm');
  assert.is(s.get('nested/DEEP_NAME'), 'deep');
  assert.is(s.get('EXTRA_19'), 'v19');
  assert.is(s.get('NPM_TOKEN'), undefined, 'a parameter outside the prefix is not ours');
  const reads = ssm.requests.filter((r) => r.target === 'AmazonSSM.GetParametersByPath');
  assert.is(reads.length, 3, 'three pages');
  assert.ok(reads.every((r) => r.body.WithDecryption === true && r.body.Recursive === true && r.body.Path === '/swarmlog/test'));
  s.close();
});

test('the environment wins over .env, which wins over SSM; the cache is refreshed', async ({ ssm, dir }) => {
  const file = join(dir, '.env');
  writeFileSync(file, 'GUMROAD_ACCESS_TOKEN="from-dotenv"\n# a comment\nVERCEL_TOKEN=vercel-dotenv\n');
  const opened = await openSecrets(awsEnv(ssm, { SWARM_ENV_FILE: file, GITHUB_TOKEN: 'from-env' }), { refreshTimer: false });
  if (isLeft(opened)) throw new Error(opened.left);
  const s = opened.right;
  assert.is(s.get('GITHUB_TOKEN'), 'from-env');
  assert.is(s.sourceOf('GUMROAD_ACCESS_TOKEN'), '.env');
  assert.is(s.get('GUMROAD_ACCESS_TOKEN'), 'from-dotenv');
  assert.is(process.env.VERCEL_TOKEN, undefined, '.env values are not put into process.env (children would inherit them)');
  ssm.parameters.set('/swarmlog/test/NPM_TOKEN', { name: '/swarmlog/test/NPM_TOKEN', value: 'npm-later', type: 'SecureString' });
  assert.is(s.get('NPM_TOKEN'), undefined, 'cached until refreshed');
  await s.refresh();
  assert.is(s.get('NPM_TOKEN'), 'npm-later');
  ssm.down = true;
  await s.refresh();
  assert.is(s.get('NPM_TOKEN'), 'npm-later', 'a failed refresh keeps what was read');
  s.close();
});

test('rejected credentials and an unreachable endpoint are clear failures naming the setting', async ({ ssm }) => {
  const rejected = await openSecrets(awsEnv(ssm, { AWS_ACCESS_KEY_ID: 'AKIDWRONG' }), { refreshTimer: false });
  assert.ok(isLeft(rejected));
  if (isLeft(rejected)) assert.match(rejected.left, /AWS_ACCESS_KEY_ID/);
  const down = await openSecrets(awsEnv(ssm, { AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:1' }), { refreshTimer: false });
  assert.ok(isLeft(down));
  if (isLeft(down)) assert.match(down.left, /AWS_ENDPOINT_URL_SSM/);
  const noPrefix = await openSecrets({ SWARM_ENV_FILE: '/nonexistent/.env' }, { refreshTimer: false });
  assert.ok(isRight(noPrefix));
});

const swarm = async (args: string[], env: NodeJS.ProcessEnv) => {
  const r = await cliChild('swarm', args, env);
  return { status: r.code, stdout: r.out, stderr: r.err };
};

test('swarm secrets check lists names and where they were found, never a value', async ({ ssm, dir }) => {
  const file = join(dir, '.env');
  writeFileSync(file, 'VERCEL_TOKEN=vercel-dotenv-value\n');
  const env = { ...process.env, ...awsEnv(ssm, { SWARM_ENV_FILE: file, NPM_TOKEN: 'npm-env-value' }), SWARM_HOME: dir, SWARM_AGENT: '' };
  const r = await swarm(['secrets', 'check', '--json'], env);
  assert.is(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { secrets: { name: string; found: string }[]; sources: { ssmPrefix: string } };
  const found = Object.fromEntries(out.secrets.map((s) => [s.name, s.found]));
  assert.is(found.GITHUB_TOKEN, 'ssm');
  assert.is(found.NPM_TOKEN, 'environment');
  assert.is(found.VERCEL_TOKEN, '.env');
  assert.is(found.SLACK_BOT_TOKEN, 'missing');
  assert.is(out.sources.ssmPrefix, '/swarmlog/test');
  const text = await swarm(['secrets', 'check'], env);
  for (const value of ['ghp-secret-from-ssm', 'gum-secret', 'npm-env-value', 'vercel-dotenv-value']) {
    assert.not.ok(r.stdout.includes(value) || r.stderr.includes(value) || text.stdout.includes(value) || text.stderr.includes(value), `a value was printed: ${value}`);
  }
  const bad = await swarm(['secrets', 'check'], { ...env, AWS_ACCESS_KEY_ID: 'AKIDWRONG' });
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /AWS_ACCESS_KEY_ID/);
});

test.run();
