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

/** A sale exactly as Gumroad's API v2 answers (Purchase#as_json version 2): no currency code, `price` in US cents,
 * the refundable rest formatted in the display currency, and the many fields the ledger does not read. */
const gumroadJson = (id: string, price: number, refundable: string, extra: Record<string, unknown> = {}) => ({
  id,
  email: 'buyer@example.com',
  seller_id: 'seller_9',
  timestamp: '2 days ago',
  daystamp: '3 Nov 2026 12:00 PM',
  created_at: '2026-11-03T12:00:00Z',
  product_name: 'Tiny Tool',
  product_has_variants: false,
  price,
  gumroad_fee: Math.round(price / 10),
  formatted_display_price: `$${(price / 100).toFixed(2)}`,
  formatted_total_price: `$${(price / 100).toFixed(2)}`,
  currency_symbol: '$',
  amount_refundable_in_currency: refundable,
  product_id: 'prod_1',
  product_permalink: 'tiny',
  refunded: false,
  partially_refunded: false,
  chargedback: false,
  purchase_email: 'buyer@example.com',
  paid: true,
  order_id: 1234,
  quantity: 1,
  ...extra,
});

test("Gumroad's own sale JSON: US cents without a currency code, refunds read from what is left to refund; a partial refund in another display currency is not guessed", async ({ gumroad, env }) => {
  gumroad.sales.push(
    gumroadJson('g1', 999, '9.99'),
    gumroadJson('g2', 500, '0', { refunded: true }),
    gumroadJson('g3', 1000, '7.5', { partially_refunded: true }),
    gumroadJson('g4', 150000, '1,200', { partially_refunded: true }),
    gumroadJson('g5', 2000, '10', { partially_refunded: true, currency_symbol: '€' }),
  );
  const first = await cli(env, ['income', 'sync', 'gumroad', '--json']);
  assert.is(first.code, 0, first.err);
  const r = JSON.parse(first.out);
  assert.equal([r.seen, r.recorded, r.refunds], [5, 5, 3]);
  assert.equal(r.skipped.map((x: { id: string }) => x.id), ['g5']);
  assert.match(r.skipped[0].reason, /refund: partially refunded.*€/);
  const sales = (await cli(env, ['events', '--type', 'IncomeRecorded'])).out.split('\n').filter(Boolean).map((l) => JSON.parse(l).data);
  assert.equal(
    sales.map((s: { externalId: string; amountMinor: number; currency: string }) => [s.externalId, s.amountMinor, s.currency]).sort(),
    [['g1', 999, 'USD'], ['g2', 500, 'USD'], ['g3', 1000, 'USD'], ['g4', 150000, 'USD'], ['g5', 2000, 'USD']],
  );
  const refunds = (await cli(env, ['events', '--type', 'IncomeRefunded'])).out.split('\n').filter(Boolean).map((l) => JSON.parse(l).data);
  assert.equal(refunds.map((x: { externalRefundId: string; amountMinor: number }) => [x.externalRefundId, x.amountMinor]).sort(), [['g2.refunded-to-500', 500], ['g3.refunded-to-250', 250], ['g4.refunded-to-30000', 30000]]);
  const again = await cli(env, ['income', 'sync', 'gumroad', '--json']);
  assert.equal([JSON.parse(again.out).recorded, JSON.parse(again.out).alreadyRecorded, JSON.parse(again.out).refunds], [0, 5, 0]);
  const audit = await cli(env, ['ledger', '--audit']);
  assert.is(audit.code, 0, audit.out + audit.err);
});

test.run();
