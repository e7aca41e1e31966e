// The outside world end to end (issue 18 point 6): `swarm up` with the simulated agents and every platform configured
// against local servers (fake GitHub, Gumroad and Vercel APIs, a real verdaccio registry); the product the pipeline
// built goes out on each platform through the Publisher, its sales come back through the importer, and a GitHub
// issue becomes a fix task with exactly one comment, across a restart of `swarm up`.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from './swarm-process.js';
import { drivePipeline, tasksOf } from './scenario.js';
import { cliChild } from '../integrations/cli-child.js';
import { startLocalRegistry } from '../integrations/local-registry.js';
import { startFakeGithub, type FakeIssue, type FakeRelease } from '../fakes/github/fake-github-server.js';
import { startFakeGumroad } from '../fakes/gumroad/fake-gumroad-server.js';
import { startFakeVercel } from '../fakes/vercel/fake-vercel-server.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const tokens = { github: 'ghp-e2e-token-1', gumroad: 'gum-e2e-token-2', vercel: 'vercel-e2e-token-3' };
type Approval = { id: string; productName: string; status: string; platform?: string; filesPath?: string };

test('every platform against local servers: publish on each, a sale and a refund into the ledger, a GitHub issue to one fix task and one comment across a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-outside-'));
  const github = await startFakeGithub({ token: tokens.github, pageSize: 2 });
  const gumroad = await startFakeGumroad({ token: tokens.gumroad, pageSize: 2 });
  const vercel = await startFakeVercel({ token: tokens.vercel });
  const registry = await startLocalRegistry(join(dir, 'registry'));
  const releases = { issues: [] as FakeIssue[], comments: new Map<number, { id: number; body: string }[]>(), releases: [] as FakeRelease[] };
  github.repos.set('swarm/products', releases);
  const s = swarmHome({
    SWARM_ENV_FILE: join(dir, 'no.env'),
    GITHUB_API_URL: github.url,
    GITHUB_TOKEN: tokens.github,
    // GitHub's own name for the repository (as in its Actions) stands for SWARM_GITHUB_RELEASES_REPO.
    GITHUB_REPOSITORY: 'swarm/products',
    GUMROAD_API_URL: `${gumroad.url}/v2`,
    GUMROAD_ACCESS_TOKEN: tokens.gumroad,
    VERCEL_API_URL: vercel.url,
    VERCEL_TOKEN: tokens.vercel,
    NPM_TOKEN: registry.token,
    // npm's own configuration names the registry (both spellings: under `npm test` npm sets the lower-case one).
    NPM_CONFIG_REGISTRY: registry.url,
    npm_config_registry: registry.url,
  });
  // Commands that talk to the fakes run as child processes awaited here: the fakes answer from this process.
  const swarm = (args: string[], agent = '') => cliChild('swarm', args, { ...s.env, SWARM_AGENT: agent });
  const approvals = () => s.cli('swarm', ['approvals', '--status', 'all', '--json']).json<{ products: Approval[] }>().products;
  try {
    let up = await s.up(['--no-scheduler']);
    const started = up.output();
    for (const p of ['gumroad', 'npm', 'vercel', 'github']) assert.match(started, new RegExp(`publish:.*${p} \\(`), `swarm up says ${p} is configured:\n${started}`);
    assert.match(started, /github \([^)]*releases in swarm\/products\)/);

    // The offline pipeline, two human decisions at the CLI: the simulated Tester submits for local, so it goes there.
    await drivePipeline(s, 'itch', 150_000);
    const local = approvals().find((a) => a.status === 'published');
    assert.ok(local, 'the pipeline published its product');
    const productName = local.productName;
    const folder = local.filesPath;
    assert.ok(folder && existsSync(folder), `the approval names the built product's folder (${folder})`);

    // The same built product, submitted for each platform as the Tester does (claude-tasks submit-approval) and
    // approved by a person: the running swarm's Publisher publishes it through `swarm publish` with the swarm's own
    // credentials (the agent's environment holds none).
    const platforms = ['gumroad', 'npm', 'vercel', 'github'] as const;
    const ids: Record<string, string> = {};
    for (const platform of platforms) {
      const submitted = await cliChild('claude-tasks', ['submit-approval', '-n', productName, '--type', 'product', '-p', platform, '-d', `${productName} on ${platform}`, '--files', folder, '--price', '9.99', '--test-status', 'pass'], { ...s.env, SWARM_AGENT: 'tester' });
      assert.is(submitted.code, 0, submitted.err + submitted.out);
      const parsed = JSON.parse(submitted.out) as { approval_id?: string; existing_approval_id?: string };
      const id = String(parsed.approval_id ?? parsed.existing_approval_id);
      ids[platform] = id;
      const approved = s.cli('swarm', ['approve', id, '--note', `ship it on ${platform}`]);
      assert.is(approved.code, 0, approved.stderr);
      await waitFor(`the product published on ${platform}`, () => approvals().find((a) => a.id === id && a.status === 'published'), 120_000).catch((e: Error) => {
        const publishes = tasksOf(s).filter((t) => t.type === 'publish' && t.payload.approval_id === id);
        throw new Error(`${e.message}: ${JSON.stringify(publishes)}\n${s.cli('swarm', ['events', '--type', 'PublishFailed']).stdout}`);
      });
    }
    const published = s.cli('swarm', ['events', '--type', 'ProductPublished']).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { data: Record<string, string> }).data);
    const on = (platform: string) => published.find((p) => p.approvalId === ids[platform]);
    for (const platform of platforms) {
      assert.is(on(platform)?.platform, platform);
      assert.ok(on(platform)?.url, `a URL for ${platform}`);
    }
    assert.is(published.filter((p) => p.platform === 'local').length, 1);
    // Each platform holds exactly one of it, made by the real client.
    assert.is(gumroad.products.length, 1);
    assert.equal([gumroad.products[0]!.name, gumroad.products[0]!.price, gumroad.products[0]!.published, gumroad.products[0]!.id], [productName, 999, true, on('gumroad')!.externalId]);
    assert.is(vercel.deployments.length, 1);
    assert.is(vercel.deployments[0]!.meta.swarmApprovalId, ids.vercel);
    assert.is(releases.releases.length, 1);
    assert.is(String(releases.releases[0]!.id), on('github')!.externalId);
    assert.ok(releases.releases[0]!.assets.length > 0, 'the release carries the product\'s files');
    const [pkgName] = on('npm')!.externalId!.split(/@(?=[^@]*$)/);
    const viewed = await new Promise<{ status: number }>((resolve) => fetch(`${registry.url}${pkgName}`).then((r) => resolve({ status: r.status })));
    assert.is(viewed.status, 200, `${pkgName} is in the registry`);
    assert.is(s.cli('swarm', ['publish', ids.gumroad!, '--platform', 'npm']).code, 2, 'a product goes only where the humans approved it');

    // A sale and a refund on Gumroad come back through the importer, once each; the ledger shows them; the audit holds.
    const product = gumroad.products[0]!;
    gumroad.sales.push({ id: 'sale_e2e_1', product_id: product.id, product_name: product.name, price: 999, currency: 'usd', created_at: new Date().toISOString() });
    const sync1 = await swarm(['income', 'sync', 'gumroad', '--json']);
    assert.is(sync1.code, 0, sync1.err);
    assert.equal([JSON.parse(sync1.out).recorded, JSON.parse(sync1.out).refunds], [1, 0]);
    Object.assign(gumroad.sales[0]!, { refunded: true, amount_refunded: 999 });
    const sync2 = await swarm(['income', 'sync', 'gumroad', '--json']);
    assert.is(sync2.code, 0, sync2.err);
    assert.equal([JSON.parse(sync2.out).recorded, JSON.parse(sync2.out).alreadyRecorded, JSON.parse(sync2.out).refunds], [0, 1, 1]);
    const sync3 = await swarm(['income', 'sync', 'gumroad', '--json']);
    assert.equal([JSON.parse(sync3.out).recorded, JSON.parse(sync3.out).refunds], [0, 0], 'nothing twice');
    const income = s.cli('swarm', ['events', '--type', 'IncomeRecorded']).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { data: Record<string, unknown> }).data);
    const refunds = s.cli('swarm', ['events', '--type', 'IncomeRefunded']).stdout.trim().split('\n').map((l) => (JSON.parse(l) as { data: Record<string, unknown> }).data);
    assert.equal(income.map((i) => [i.externalId, i.amountMinor, i.currency]), [['sale_e2e_1', 999, 'USD']]);
    assert.equal(refunds.map((r) => r.amountMinor), [999]);
    const ledger = s.cli('swarm', ['ledger', '--by', 'product', '--json']);
    assert.is(ledger.code, 0, ledger.stderr);
    assert.ok(ledger.stdout.includes(productName), `the ledger names the product:\n${ledger.stdout}`);
    assert.match(ledger.stdout, /999|9\.99/);
    const audit = s.cli('swarm', ['ledger', '--audit']);
    assert.is(audit.code, 0, audit.stdout + audit.stderr);

    // A GitHub issue on the product's repository becomes a fix task for the Builder with one comment, across a restart.
    await s.stop(up.child);
    const repo = { issues: [] as FakeIssue[], comments: new Map<number, { id: number; body: string }[]>(), releases: [] };
    github.repos.set('swarm/product-repo', repo);
    const now = new Date().toISOString();
    repo.issues.push({ number: 7, title: 'Crash on empty input', body: 'It throws TypeError on an empty file.', labels: ['bug'], state: 'open', created_at: now, updated_at: now });
    s.env.SWARM_GITHUB_REPOS = `swarm/product-repo=${productName}`;
    up = await s.up(['--no-scheduler']);
    assert.match(up.output(), /github:\s+watching swarm\/product-repo/);
    const check1 = await swarm(['github', 'monitor', '--json'], 'support');
    assert.is(check1.code, 0, check1.err);
    assert.is(JSON.parse(check1.out).repos[0].handled, 1);
    const fixTasks = () => tasksOf(s).filter((t) => t.type === 'fix_product' && t.payload.issue_number === 7);
    assert.is(fixTasks().length, 1);
    assert.equal([fixTasks()[0]!.payload.product, (fixTasks()[0] as { assigned_to?: string }).assigned_to], [productName, 'builder']);
    assert.is(repo.comments.get(7)?.length, 1);

    // Restart: the checkpoint is in the log; the same issue, even updated, is not handled again.
    await s.stop(up.child);
    repo.issues[0]!.updated_at = new Date(Date.now() + 1000).toISOString();
    up = await s.up(['--no-scheduler']);
    const check2 = await swarm(['github', 'monitor', '--json'], 'support');
    assert.is(check2.code, 0, check2.err);
    assert.is(JSON.parse(check2.out).repos[0].handled, 0);
    assert.is(fixTasks().length, 1, 'one fix task, across the restart');
    assert.is(repo.comments.get(7)?.length, 1, 'exactly one comment, across the restart');

    // No credential reached the log.
    const log = s.cli('swarm', ['events']).stdout;
    for (const secret of [...Object.values(tokens), registry.token]) assert.not.ok(log.includes(secret), 'a secret reached the log');
    await s.stop(up.child);
  } finally {
    await s.cleanup();
    await Promise.all([github.close(), gumroad.close(), vercel.close(), registry.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
