import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cliChild } from './cli-child.js';
import { gumroadPermalink } from '../../infra/publishing/gumroad-products.js';
import { startFakeGithub, type FakeGithub } from '../fakes/github/fake-github-server.js';
import { startFakeGumroad, type FakeGumroad } from '../fakes/gumroad/fake-gumroad-server.js';
import { startFakeVercel, type FakeVercel } from '../fakes/vercel/fake-vercel-server.js';
import { startLocalRegistry, type LocalRegistry } from './local-registry.js';

/**
 * `swarm publish` through the real clients: @octokit/rest against a fake GitHub, fetch against fake Gumroad and
 * Vercel APIs, and the real npm CLI against a real local registry (verdaccio), each product published once.
 */
const tokens = { github: 'ghp-test-token-1', gumroad: 'gum-test-token-2', vercel: 'vercel-test-token-3' };
interface Ctx {
  dir: string;
  home: string;
  github: FakeGithub;
  gumroad: FakeGumroad;
  vercel: FakeVercel;
  registry: LocalRegistry;
  env: NodeJS.ProcessEnv;
}
const test = suite<Ctx>('swarm publish: Gumroad, npm, Vercel, GitHub Releases and local, through the real clients');

test.before(async (ctx) => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-publish-'));
  ctx.home = join(ctx.dir, 'home');
  ctx.github = await startFakeGithub({ token: tokens.github, pageSize: 2 });
  ctx.gumroad = await startFakeGumroad({ token: tokens.gumroad, pageSize: 2 });
  ctx.vercel = await startFakeVercel({ token: tokens.vercel });
  ctx.registry = await startLocalRegistry(join(ctx.dir, 'registry'));
  ctx.env = {
    ...process.env,
    SWARM_HOME: ctx.home,
    SWARM_AGENT: '',
    SWARM_ENV_FILE: join(ctx.dir, 'no.env'),
    SWARM_LOG_LEVEL: 'silent',
    GITHUB_API_URL: ctx.github.url,
    GITHUB_TOKEN: tokens.github,
    SWARM_GITHUB_RELEASES_REPO: 'swarm/products',
    GUMROAD_API_URL: `${ctx.gumroad.url}/v2`,
    GUMROAD_ACCESS_TOKEN: tokens.gumroad,
    VERCEL_API_URL: ctx.vercel.url,
    VERCEL_TOKEN: tokens.vercel,
    NPM_TOKEN: ctx.registry.token,
    npm_config_registry: ctx.registry.url,
  };
});
test.after(async (ctx) => {
  await Promise.all([ctx.github.close(), ctx.gumroad.close(), ctx.vercel.close(), ctx.registry.stop()]);
  rmSync(ctx.dir, { recursive: true, force: true });
});

const cli = (env: NodeJS.ProcessEnv, bin: string, args: string[], agent = '') => cliChild(bin, args, { ...env, SWARM_AGENT: agent });

let made = 0;
/** A product folder with its files (and reports, which never go out), submitted by the tester and approved by a person. */
const approvedProduct = async (ctx: Ctx, platform: string, name = `Tiny Tool ${++made}`, version = '1.0.0'): Promise<{ id: string; name: string; folder: string }> => {
  const folder = join(ctx.dir, 'products', `${platform}-${made}`);
  mkdirSync(join(folder, 'src'), { recursive: true });
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: slug, version, main: 'src/index.js' }));
  writeFileSync(join(folder, 'src', 'index.js'), `module.exports = () => ${JSON.stringify(name)};\n`);
  writeFileSync(join(folder, 'index.html'), `<h1>${name}</h1>\n`);
  writeFileSync(join(folder, 'TEST_REPORT.md'), 'Result: PASS\n');
  const submitted = await cli(ctx.env, 'claude-tasks', ['submit-approval', '-n', name, '--type', 'product', '-p', platform, '-d', `${name}: a small tool`, '--files', folder, '--price', '9.99'], 'tester');
  assert.is(submitted.code, 0, submitted.err);
  const id = String(JSON.parse(submitted.out).approval_id);
  const approved = await cli(ctx.env, 'swarm', ['approve', id]);
  assert.is(approved.code, 0, approved.err);
  return { id, name, folder };
};

const events = async (ctx: Ctx, type: string) =>
  (await cli(ctx.env, 'swarm', ['events', '--type', type])).out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { data: Record<string, unknown> });

const publish = async (ctx: Ctx, id: string, platform: string, env = ctx.env) => cli(env, 'swarm', ['publish', id, '--platform', platform, '--json']);

test('gumroad: files uploaded, product created with its price in cents and published; a second publish makes nothing new', async (ctx) => {
  const p = await approvedProduct(ctx, 'gumroad');
  const r = await publish(ctx, p.id, 'gumroad');
  assert.is(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.is(out.alreadyPublished, false);
  assert.is(ctx.gumroad.products.length, 1);
  const product = ctx.gumroad.products[0]!;
  assert.equal([product.name, product.price, product.published], [p.name, 999, true]);
  assert.equal(product.files.map((f) => f.display_name).sort(), ['index.html', 'package.json', 'src/index.js'], 'reports never go out');
  assert.is(ctx.gumroad.storedFiles.get(product.files.find((f) => f.display_name === 'src/index.js')!.url)!.toString(), readFileSync(join(p.folder, 'src', 'index.js'), 'utf8'));
  const [published] = (await events(ctx, 'ProductPublished')).filter((e) => e.data.approvalId === p.id);
  assert.equal([published!.data.platform, published!.data.externalId, published!.data.url], ['gumroad', product.id, out.url]);
  const again = await publish(ctx, p.id, 'gumroad');
  assert.is(again.code, 0, again.err);
  assert.is(JSON.parse(again.out).alreadyPublished, true);
  assert.is(ctx.gumroad.products.length, 1);
});

test('gumroad: a draft left by a crash before the swarm recorded it is found by its permalink and published, not made twice', async (ctx) => {
  const p = await approvedProduct(ctx, 'gumroad');
  const permalink = gumroadPermalink(p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), p.id);
  // Two more products first, so the lookup has to page (page size 2).
  for (const n of [1, 2]) ctx.gumroad.products.push({ id: `other_${n}`, name: `Other ${n}`, description: '', price: 100, custom_permalink: `other-${n}`, files: [], published: true });
  ctx.gumroad.products.unshift({ id: 'prod_crashed', name: p.name, description: '', price: 999, custom_permalink: permalink, files: [], published: false });
  const before = ctx.gumroad.products.length;
  const r = await publish(ctx, p.id, 'gumroad');
  assert.is(r.code, 0, r.err);
  assert.is(JSON.parse(r.out).externalId, 'prod_crashed');
  assert.is(JSON.parse(r.out).alreadyPublished, true);
  assert.is(ctx.gumroad.products.length, before);
  assert.ok(ctx.gumroad.products.find((x) => x.id === 'prod_crashed')!.published);
});

test('github: a release tagged <slug>-v<version> with the files as assets; after a crash only the missing assets are added', async (ctx) => {
  const p = await approvedProduct(ctx, 'github');
  const slug = p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  // A crash after the release and one asset were made.
  const repo = { issues: [], comments: new Map(), releases: [{ id: 1, tag_name: `${slug}-v1.0.0`, name: p.name, body: '', assets: [{ id: 2, name: 'index.html', size: 1, data: Buffer.from('x') }] }] };
  ctx.github.repos.set('swarm/products', repo);
  const r = await publish(ctx, p.id, 'github');
  assert.is(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.is(out.externalId, '1');
  assert.is(repo.releases.length, 1);
  assert.equal(repo.releases[0]!.assets.map((a) => a.name).sort(), ['index.html', 'package.json', 'src.index.js']);
  assert.is(repo.releases[0]!.assets.find((a) => a.name === 'src.index.js')!.data.toString(), readFileSync(join(p.folder, 'src', 'index.js'), 'utf8'));
  assert.is(repo.releases[0]!.assets.find((a) => a.name === 'index.html')!.data.toString(), 'x', 'an asset already there is not uploaded again');

  const fresh = await approvedProduct(ctx, 'github');
  const made = await publish(ctx, fresh.id, 'github');
  assert.is(made.code, 0, made.err);
  assert.is(repo.releases.length, 2);
  assert.match(JSON.parse(made.out).url, /\/releases\/tag\/tiny-tool-\d+-v1\.0\.0$/);
});

test('vercel: a production deployment of the files; a retry finds it by the approval in its meta', async (ctx) => {
  const p = await approvedProduct(ctx, 'vercel');
  const r = await publish(ctx, p.id, 'vercel');
  assert.is(r.code, 0, r.err);
  assert.is(ctx.vercel.deployments.length, 1);
  const d = ctx.vercel.deployments[0]!;
  assert.equal([d.target, d.meta.swarmApprovalId, d.files.get('index.html')?.toString()], ['production', p.id, `<h1>${p.name}</h1>\n`]);
  assert.is(JSON.parse(r.out).url, `https://${d.url}`);
  // A second approval of the same product name finds nothing of its own: a deployment per approval, never two.
  const lookups = ctx.vercel.log.filter((l) => l === 'GET /v6/deployments').length;
  assert.is(lookups, 1);
});

test('npm: published to the registry from npm config, installable back; the same name@version again is found, not republished', async (ctx) => {
  const p = await approvedProduct(ctx, 'npm', 'Npm Widget', '1.2.3');
  const r = await publish(ctx, p.id, 'npm');
  assert.is(r.code, 0, r.err);
  const out = JSON.parse(r.out);
  assert.equal([out.externalId, out.alreadyPublished], ['npm-widget@1.2.3', false]);
  const back = join(ctx.dir, 'install-back');
  mkdirSync(back, { recursive: true });
  writeFileSync(join(back, 'package.json'), '{"name":"install-back","version":"0.0.0","private":true}');
  execFileSync('npm', ['install', 'npm-widget@1.2.3', '--registry', ctx.registry.url, '--no-audit', '--no-fund'], { cwd: back, stdio: 'ignore', env: { ...process.env, npm_config_userconfig: join(ctx.dir, 'none.npmrc') } });
  assert.is(readFileSync(join(back, 'node_modules', 'npm-widget', 'src', 'index.js'), 'utf8'), readFileSync(join(p.folder, 'src', 'index.js'), 'utf8'));
  const twin = await approvedProduct(ctx, 'npm', 'Npm Widget', '1.2.3');
  const again = await publish(ctx, twin.id, 'npm');
  assert.is(again.code, 0, again.err);
  assert.is(JSON.parse(again.out).alreadyPublished, true);
});

test('failures: a missing or rejected credential names the setting and is recorded; a service that is down records nothing', async (ctx) => {
  const missing = await approvedProduct(ctx, 'gumroad');
  const noToken = await publish(ctx, missing.id, 'gumroad', { ...ctx.env, GUMROAD_ACCESS_TOKEN: '' });
  assert.is(noToken.code, 1);
  assert.match(noToken.err, /GUMROAD_ACCESS_TOKEN/);
  const rejected = await approvedProduct(ctx, 'vercel');
  const wrong = await publish(ctx, rejected.id, 'vercel', { ...ctx.env, VERCEL_TOKEN: 'wrong' });
  assert.is(wrong.code, 1);
  assert.match(wrong.err, /VERCEL_TOKEN/);
  const failures = (await events(ctx, 'PublishFailed')).map((e) => e.data);
  assert.ok(failures.some((f) => f.approvalId === missing.id && /GUMROAD_ACCESS_TOKEN/.test(String(f.reason)) && f.platform === 'gumroad'));
  assert.ok(failures.some((f) => f.approvalId === rejected.id && /VERCEL_TOKEN/.test(String(f.reason))));

  const down = await approvedProduct(ctx, 'github');
  ctx.github.down = true;
  const unavailable = await publish(ctx, down.id, 'github');
  ctx.github.down = false;
  assert.is(unavailable.code, 1);
  assert.match(unavailable.err, /unavailable/);
  assert.not.ok((await events(ctx, 'PublishFailed')).some((e) => e.data.approvalId === down.id), 'down is not a failure for a person: the task is handed back');
  const later = await publish(ctx, down.id, 'github');
  assert.is(later.code, 0, later.err);

  // A person who sets the missing token and publishes again is retrying: it goes out (an agent would need a retry's task).
  const retried = await publish(ctx, missing.id, 'gumroad');
  assert.is(retried.code, 0, retried.err);
  const again = JSON.parse((await publish(ctx, missing.id, 'gumroad')).out) as { alreadyPublished: boolean; externalId?: string };
  assert.equal([again.alreadyPublished, typeof again.externalId], [true, 'string'], 'a second publish says where it is, its id too');
});

test('github: with no releases repository set, the first repository Support watches (SWARM_GITHUB_REPOS) takes the release', async (ctx) => {
  const product = await approvedProduct(ctx, 'github');
  const { SWARM_GITHUB_RELEASES_REPO: _unset, ...env } = ctx.env;
  const r = await publish(ctx, product.id, 'github', { ...env, SWARM_GITHUB_REPOS: 'swarm/watched=Tiny Tool,swarm/other' });
  assert.is(r.code, 0, r.err);
  assert.match(JSON.parse(r.out).url, /swarm\/watched/);
});

test('only the Publisher publishes, only what the approval names, and no secret reaches the log', async (ctx) => {
  const p = await approvedProduct(ctx, 'local');
  const builder = await cli(ctx.env, 'swarm', ['publish', p.id, '--platform', 'local'], 'builder');
  assert.is(builder.code, 1);
  assert.match(builder.err, /only the Publisher/);
  const wrongPlatform = await publish(ctx, p.id, 'npm');
  assert.is(wrongPlatform.code, 2);
  assert.match(wrongPlatform.err, /--platform/);
  const bad = await cli(ctx.env, 'swarm', ['publish', p.id, '--platform', 'myspace']);
  assert.is(bad.code, 2);
  const local = await publish(ctx, p.id, 'local');
  assert.is(local.code, 0, local.err);
  assert.is(readFileSync(join(ctx.home, 'downloads', p.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), 'src', 'index.js'), 'utf8'), readFileSync(join(p.folder, 'src', 'index.js'), 'utf8'));
  const log = (await cli(ctx.env, 'swarm', ['events'])).out;
  for (const secret of [...Object.values(tokens), ctx.registry.token]) assert.not.ok(log.includes(secret), 'a secret reached the log');
});

test.run();
