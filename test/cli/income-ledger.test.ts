import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';

const test = suite<{ home: string }>('swarm income and ledger (built CLI)');
test.before(() => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
});
test.before.each((ctx) => {
  ctx.home = mkdtempSync(join(tmpdir(), 'swarmlog-income-'));
});
test.after.each(({ home }) => rmSync(home, { recursive: true, force: true }));

const swarm = (home: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync('node', ['cli/bin/swarm', ...args], { env: { ...process.env, SWARM_HOME: home, SWARM_AGENT: '', ...env }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const eventCount = (home: string) => swarm(home, ['events']).out.split('\n').filter(Boolean).length;
const record = (home: string, externalId: string, amount = '12.34', extra: string[] = []) =>
  swarm(home, ['income', 'record', '--source', 'gumroad', '--product', 'Tiny Tool', '--amount', amount, '--currency', 'USD', '--external-id', externalId, ...extra]);

test('income record appends a sale; the same sale again appends nothing and says so', ({ home }) => {
  const first = record(home, 'g-1', '12.34', ['--json']);
  assert.is(first.code, 0, first.err);
  assert.equal(JSON.parse(first.out), { recorded: true, duplicate: false, stream: 'sale-gumroad-g-1', amountMinor: 1234, currency: 'USD' });
  const again = record(home, 'g-1', '12.34', ['--json']);
  assert.is(again.code, 0, again.err);
  assert.equal(JSON.parse(again.out).duplicate, true);
  assert.is(eventCount(home), 1);
});

test('the same external id with a different amount is refused (exit 1)', ({ home }) => {
  record(home, 'g-1');
  const changed = record(home, 'g-1', '15.00');
  assert.is(changed.code, 1);
  assert.match(changed.err, /already recorded with a different amount/);
  assert.is(eventCount(home), 1);
});

test('an amount with more decimals than the currency has is bad input naming --amount, and nothing is appended', ({ home }) => {
  const bad = record(home, 'g-2', '12.345');
  assert.is(bad.code, 2);
  assert.match(bad.err, /--amount: USD has 2 decimal places/);
  assert.is(eventCount(home), 0);
});

test('a missing flag and a bad currency are bad input naming the flag', ({ home }) => {
  const missing = swarm(home, ['income', 'record', '--source', 'gumroad', '--amount', '1', '--currency', 'USD', '--external-id', 'x']);
  assert.is(missing.code, 2);
  assert.match(missing.err, /--product is required/);
  const currency = swarm(home, ['income', 'record', '--source', 'gumroad', '--product', 'P', '--amount', '1', '--currency', 'usd', '--external-id', 'x']);
  assert.is(currency.code, 2);
  assert.match(currency.err, /--currency: expected an ISO 4217/);
  assert.is(eventCount(home), 0);
});

test('a refund is recorded, and a refund beyond the sale is refused', ({ home }) => {
  record(home, 'g-1');
  const refund = swarm(home, ['income', 'refund', '--source', 'gumroad', '--external-id', 'g-1', '--amount', '2.34', '--reason', 'asked']);
  assert.is(refund.code, 0, refund.err);
  const tooMuch = swarm(home, ['income', 'refund', '--source', 'gumroad', '--external-id', 'g-1', '--amount', '10.01', '--reason', 'asked']);
  assert.is(tooMuch.code, 1);
  assert.match(tooMuch.err, /cannot exceed the sale: 10\.00 USD is left/);
});

test('ledger shows totals, and --by product|source|day groups them', ({ home }) => {
  record(home, 'g-1', '12.34', ['--occurred-at', '2026-11-20T10:00:00Z']);
  record(home, 'g-2', '7.66', ['--occurred-at', '2026-11-21T10:00:00Z']);
  const summary = swarm(home, ['ledger', '--json']);
  assert.is(summary.code, 0, summary.err);
  assert.is(JSON.parse(summary.out).totals[0].net, '20.00');
  const byDay = JSON.parse(swarm(home, ['ledger', '--by', 'day', '--json']).out);
  assert.equal(byDay.rows.map((r: { day: string; net: string }) => [r.day, r.net]), [['2026-11-20', '12.34'], ['2026-11-21', '7.66']]);
  const bySource = swarm(home, ['ledger', '--by', 'source']);
  assert.match(bySource.out, /gumroad\s+USD\s+2\s+0\s+20\.00\s+0\.00\s+20\.00/);
  const bad = swarm(home, ['ledger', '--by', 'month']);
  assert.is(bad.code, 2);
  assert.match(bad.err, /--by: expected one of product, source, day/);
});

test('ledger --audit passes on an honest ledger and fails with the difference on a tampered one', ({ home }) => {
  record(home, 'g-1');
  record(home, 'g-2', '1.00');
  swarm(home, ['income', 'refund', '--source', 'gumroad', '--external-id', 'g-1', '--amount', '2.34', '--reason', 'asked']);
  const honest = swarm(home, ['ledger', '--audit']);
  assert.is(honest.code, 0, honest.err);
  assert.is(honest.out.trim(), 'ledger audit: OK (2 sales, 1 refunds)');
  const store = createSqliteProjectionStore(join(home, 'swarm.projections.db'));
  store.write((tx) => {
    const docs = tx.docs('ledger');
    docs.put('totals', 'USD', { ...docs.get<Record<string, unknown>>('totals', 'USD'), netMinor: 1 });
  });
  store.close();
  const tampered = swarm(home, ['ledger', '--audit']);
  assert.is(tampered.code, 1);
  assert.match(tampered.err, /ledger audit: MISMATCH/);
  assert.match(tampered.err, /totals\.USD\.netMinor: projection 1, log 1100/);
  // --json: the audit is the one JSON document on stdout, and the exit code says the same.
  const asJson = swarm(home, ['ledger', '--audit', '--json']);
  assert.is(asJson.code, 1);
  const audit = JSON.parse(asJson.out) as { ok: boolean; differences: { path: string }[] };
  assert.is(audit.ok, false);
  assert.ok(audit.differences.some((d) => d.path === 'totals.USD.netMinor'));
});

test.run();
