import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cliChild } from './cli-child.js';
import { startFakeGumroad, type FakeGumroad } from '../fakes/gumroad/fake-gumroad-server.js';

/** swarm income sync gumroad against a fake Gumroad API: GET /v2/sales with after and page_key, into the ledger once. */
const token = 'gum-sales-token-9';
const test = suite<{ dir: string; gumroad: FakeGumroad; env: NodeJS.ProcessEnv }>('swarm income sync gumroad');

test.before(() => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
});
test.before.each(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-sales-'));
  ctx.gumroad = await startFakeGumroad({ token, pageSize: 2 });
  ctx.env = { ...process.env, SWARM_HOME: ctx.dir, SWARM_AGENT: '', SWARM_ENV_FILE: join(ctx.dir, 'no.env'), GUMROAD_API_URL: `${ctx.gumroad.url}/v2`, GUMROAD_ACCESS_TOKEN: token };
});
test.after.each(async ({ dir, gumroad }) => {
  await gumroad.close();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (env: NodeJS.ProcessEnv, args: string[]) => cliChild('swarm', args, env);

const sale = (id: string, price: number, day: string, extra: Record<string, unknown> = {}) => ({
  id,
  product_id: 'prod_1',
  product_name: 'Tiny Tool',
  price,
  currency: 'usd',
  created_at: `${day}T12:00:00Z`,
  ...extra,
});

test('every sale once, in exact cents with its currency; refunds as refunds; malformed sales skipped and counted; the audit holds', async ({ gumroad, env }) => {
  gumroad.sales.push(
    sale('s1', 999, '2026-11-01'),
    sale('s2', 1999, '2026-11-02', { currency: 'eur' }),
    sale('s3', 500, '2026-11-03', { refunded: true, amount_refunded: 500 }),
    sale('s4', 1000, '2026-11-04', { partially_refunded: true, amount_refunded: 250 }),
    { id: 's5', product_name: 'Tiny Tool', price: '9.99', currency: 'usd', created_at: '2026-11-05T12:00:00Z' },
  );
  const first = await cli(env, ['income', 'sync', 'gumroad', '--json']);
  assert.is(first.code, 0, first.err);
  const r = JSON.parse(first.out);
  assert.equal([r.pages, r.seen, r.recorded, r.refunds, r.skipped.length], [3, 5, 4, 2, 1]);
  assert.equal(r.skipped[0].id, 's5');
  assert.match(r.skipped[0].reason, /price/);
  const sales = (await cli(env, ['events', '--type', 'IncomeRecorded'])).out.split('\n').filter(Boolean).map((l) => JSON.parse(l).data);
  assert.equal(
    sales.map((s: { externalId: string; amountMinor: number; currency: string }) => [s.externalId, s.amountMinor, s.currency]).sort(),
    [['s1', 999, 'USD'], ['s2', 1999, 'EUR'], ['s3', 500, 'USD'], ['s4', 1000, 'USD']],
  );
  // Again, and after a further partial refund of s4: only the new part is recorded.
  (gumroad.sales[3] as Record<string, unknown>).amount_refunded = 600;
  const again = await cli(env, ['income', 'sync', 'gumroad', '--json']);
  assert.is(again.code, 0, again.err);
  assert.equal([JSON.parse(again.out).recorded, JSON.parse(again.out).alreadyRecorded, JSON.parse(again.out).refunds], [0, 4, 1]);
  const refunds = (await cli(env, ['events', '--type', 'IncomeRefunded'])).out.split('\n').filter(Boolean).map((l) => JSON.parse(l).data.amountMinor);
  assert.equal(refunds.sort((a: number, b: number) => a - b), [250, 350, 500]);
  const audit = await cli(env, ['ledger', '--audit']);
  assert.is(audit.code, 0, audit.out + audit.err);
});

test('after is passed as a day; a wrong token names GUMROAD_ACCESS_TOKEN; Gumroad down records nothing more and says so', async ({ gumroad, env }) => {
  gumroad.sales.push(sale('old', 100, '2026-01-01'), sale('new', 200, '2026-11-20'));
  const after = await cli(env, ['income', 'sync', 'gumroad', '--after', '2026-11-01', '--json']);
  assert.is(after.code, 0, after.err);
  assert.is(JSON.parse(after.out).recorded, 1);
  const badDay = await cli(env, ['income', 'sync', 'gumroad', '--after', 'yesterday']);
  assert.is(badDay.code, 2);
  assert.match(badDay.err, /--after/);
  const wrong = await cli({ ...env, GUMROAD_ACCESS_TOKEN: 'nope' }, ['income', 'sync', 'gumroad']);
  assert.is(wrong.code, 1);
  assert.match(wrong.err, /GUMROAD_ACCESS_TOKEN/);
  gumroad.down = true;
  const down = await cli(env, ['income', 'sync', 'gumroad']);
  assert.is(down.code, 1);
  assert.match(down.err, /unavailable/);
});

test.run();
