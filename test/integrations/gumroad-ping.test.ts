// Gumroad's sale notification (Ping, issue 18 point 3's optional receiver): POST /hooks/gumroad?key=… takes the form
// Gumroad posts, believes nothing in it but the sale's id, reads the sale back from (a fake) Gumroad and records it once.
import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { receiveGumroadPing } from '../../processes/sales/gumroad-ping.js';
import { startApi, type ApiHarness } from '../api/api-harness.js';
import { swarmHome } from '../e2e/swarm-process.js';
import { startFakeGumroad, type FakeGumroad } from '../fakes/gumroad/fake-gumroad-server.js';

const token = 'gum-ping-token-5';
const key = 'ping-key-0123456789abcdef';
const test = suite<{ gumroad: FakeGumroad; api: ApiHarness }>('Gumroad sale notifications');

const sale = (id: string, price: number, extra: Record<string, unknown> = {}) => ({
  id,
  product_id: 'prod_1',
  product_name: 'Tiny Tool',
  price,
  currency: 'usd',
  created_at: '2026-12-01T12:00:00Z',
  ...extra,
});

test.before.each(async (ctx) => {
  ctx.gumroad = await startFakeGumroad({ token });
  const gumroad = ctx.gumroad;
  // The hook records into the harness's own runtime, known once the harness has started.
  const harness: { api?: ApiHarness } = {};
  harness.api = await startApi({ salesHook: { key, receive: (saleId) => receiveGumroadPing(harness.api!.rt, { apiUrl: `${gumroad.url}/v2`, token, saleId }) } });
  ctx.api = harness.api;
});
test.after.each(async ({ gumroad, api }) => {
  await api.close();
  await gumroad.close();
});

/** The form Gumroad posts (x-www-form-urlencoded), to the URL with `key`. */
const ping = async (api: ApiHarness, fields: Record<string, string>, withKey: string | null = key) =>
  api.post(`/hooks/gumroad${withKey === null ? '' : `?key=${encodeURIComponent(withKey)}`}`, undefined, {
    token: null,
    contentType: 'application/x-www-form-urlencoded',
    raw: new URLSearchParams(fields).toString(),
  });

const income = async (api: ApiHarness) => {
  const out: { externalId: string; amountMinor: number; currency: string }[] = [];
  for await (const e of api.rt.log.readAll({ filter: { eventTypes: ['IncomeRecorded'] } })) out.push(e.data as (typeof out)[number]);
  return out;
};


test('a notification records the sale as Gumroad has it (not as the notification says), once; a refund read back is recorded', async ({ gumroad, api }) => {
  gumroad.sales.push(sale('s-1', 1999));
  // The notification claims another price: only its sale_id counts.
  const first = await ping(api, { sale_id: 's-1', price: '1', product_name: 'Forged', currency: 'eur' });
  assert.is(first.status, 200, JSON.stringify(first.body));
  assert.is(first.body.status, 'recorded');
  const [recorded] = await income(api);
  assert.equal([recorded?.externalId, recorded?.amountMinor, recorded?.currency], ['s-1', 1999, 'USD']);
  const again = await ping(api, { sale_id: 's-1' });
  assert.is(again.status, 200);
  assert.is(again.body.status, 'already_recorded');
  assert.is((await income(api)).length, 1, 'recorded once');
  (gumroad.sales[0] as Record<string, unknown>).refunded = true;
  const refunded = await ping(api, { sale_id: 's-1' });
  assert.is(refunded.body.refunded, true);
  const refunds: unknown[] = [];
  for await (const e of api.rt.log.readAll({ filter: { eventTypes: ['IncomeRefunded'] } })) refunds.push(e.data);
  assert.is(refunds.length, 1);
});

test('a wrong or missing key is 401, a sale Gumroad does not know 404, a body without sale_id 400; none records anything', async ({ api }) => {
  assert.is((await ping(api, { sale_id: 's-1' }, 'wrong-key-0123456789abcde')).status, 401);
  assert.is((await ping(api, { sale_id: 's-1' }, null)).status, 401);
  const unknown = await ping(api, { sale_id: 'no-such-sale' });
  assert.is(unknown.status, 404);
  assert.is(unknown.body.status, 'unknown_sale');
  const bad = await ping(api, { product_id: 'prod_1' });
  assert.is(bad.status, 400);
  assert.match(bad.body.field, /sale_id/);
  assert.is((await income(api)).length, 0);
});

test('Gumroad down: 503 (Gumroad sends the notification again; the hourly sync catches up), nothing recorded', async ({ gumroad, api }) => {
  gumroad.sales.push(sale('s-2', 500));
  gumroad.down = true;
  const answer = await ping(api, { sale_id: 's-2' });
  assert.is(answer.status, 503, JSON.stringify(answer.body));
  assert.is(answer.body.status, 'unavailable');
  assert.is((await income(api)).length, 0);
});

test('every other route still takes JSON only: a form post to an operator route is refused (415)', async ({ api }) => {
  const form = await api.post('/api/tasks', undefined, { contentType: 'application/x-www-form-urlencoded', raw: 'type=scan_platform' });
  assert.is(form.status, 415);
});

test('swarm up serves the receiver when GUMROAD_PING_KEY is set, and says so; a short key is refused at start', async ({ gumroad }) => {
  spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
  gumroad.sales.push(sale('s-3', 700));
  const s = swarmHome({ GUMROAD_API_URL: `${gumroad.url}/v2`, GUMROAD_ACCESS_TOKEN: token, GUMROAD_PING_KEY: key });
  try {
    const { child, output } = await s.up(['--no-agents', '--no-scheduler']);
    assert.match(output(), /sale notifications at POST \/hooks\/gumroad\?key=… \(GUMROAD_PING_KEY from environment\)/);
    const url = /Dashboard: (http:\/\/[^/\s#]+)/.exec(output())![1]!;
    const answer = await fetch(`${url}/hooks/gumroad?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'sale_id=s-3' });
    assert.is(answer.status, 200, await answer.clone().text());
    const ledger = s.cli('swarm', ['ledger', '--json']);
    assert.equal(ledger.json().totals, [{ currency: 'USD', sales: 1, refunds: 0, gross: '7.00', refunded: '0.00', net: '7.00', netMinor: 700 }], ledger.stdout + ledger.stderr);
    await s.stop(child);
    const short = spawnSync(process.execPath, ['cli/bin/swarm', 'up', '--no-agents', '--no-scheduler', '--port', '0'], { env: { ...s.env, GUMROAD_PING_KEY: 'short' }, encoding: 'utf8', timeout: 60_000 });
    assert.is(short.status, 2, short.stdout + short.stderr);
    assert.match(short.stderr, /GUMROAD_PING_KEY: at least 16 characters/);
  } finally {
    await s.cleanup();
  }
});

test.run();
