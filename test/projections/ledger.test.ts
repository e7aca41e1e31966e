import { isRight, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainError } from '../../domain/errors.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { recordIncome, refundIncome } from '../../processes/commands/income-commands.js';
import { finishRun, startRun } from '../../processes/commands/run-commands.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { auditLedger } from '../../projections/ledger/ledger-audit.js';
import { ledgerProjection } from '../../projections/ledger/ledger-projection.js';
import { ledgerRows, ledgerSummary } from '../../projections/ledger/ledger-report.js';
import { ledgerFigures } from '../../projections/ledger/queries.js';
import { agent, createTestRuntime, human, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { assertFoldFromStartEqualsApply, recordedAt } from './fold-from-start-check.js';
import { assertRebuildEqualsLive, assertRedeliveryChangesNothing } from './projection-checks.js';

const test = suite<{ rt: TestRuntime }>('ledger projection and audit');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
  ctx.rt.setNow('2026-11-24T10:00:00.000Z');
});
test.after.each(({ rt }) => rt.dispose());

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`refused: ${e.left.code} ${e.left.message}`);
  return e.right;
};

const sale = (externalId: string, product: string, amount: string, extra: Record<string, unknown> = {}) => ({
  source: 'gumroad', product, amount, currency: 'USD', externalId, occurredAt: '2026-11-24T09:00:00Z', ...extra,
});

/** Two products, two sources, two currencies, one refund, and 2000 tokens for $0.50. */
const books = async (rt: TestRuntime) => {
  const publisher = agent('publisher');
  ok(await recordIncome(rt, publisher, sale('g-1', 'Tiny Tool', '12.34')));
  ok(await recordIncome(rt, publisher, sale('g-2', 'Tiny Tool', '7.66')));
  ok(await recordIncome(rt, publisher, sale('s-1', 'Prompt Pack', '5.00', { source: 'stripe', occurredAt: '2026-11-25T09:00:00Z' })));
  ok(await recordIncome(rt, publisher, sale('s-2', 'Prompt Pack', '10.00', { source: 'stripe', currency: 'EUR' })));
  rt.setNow('2026-11-25T12:00:00.000Z');
  ok(await refundIncome(rt, human(), { source: 'gumroad', externalId: 'g-2', amount: '2.66', reason: 'partial refund', refundId: 'rf-1' }));
  rt.setNow('2026-11-24T11:00:00.000Z');
  ok(await startRun(rt, system('dispatcher'), { runId: 'r-1', agent: 'builder', driver: 'sim', model: 'opus', promptHash: 'h', promptPath: 'p', logPath: 'l' }));
  ok(await finishRun(rt, system('dispatcher'), { runId: 'r-1', exitCode: 0, durationMs: 1, inputTokens: 1500, outputTokens: 500, costUsd: 0.5, outcome: 'completed' }));
};

test('totals by product, source and day are net of refunds, per currency', async ({ rt }) => {
  await books(rt);
  const figures = ledgerFigures(await freshReader(rt.log, rt.projections, ledgerProjection));
  assert.equal(figures.byProduct['Tiny Tool|USD'], { product: 'Tiny Tool', currency: 'USD', grossMinor: 2000, refundedMinor: 266, netMinor: 1734, sales: 2, refunds: 1 });
  assert.is(figures.byProduct['Prompt Pack|USD']!.netMinor, 500);
  assert.is(figures.byProduct['Prompt Pack|EUR']!.netMinor, 1000);
  assert.is(figures.bySource['gumroad|USD']!.netMinor, 1734);
  assert.is(figures.bySource['stripe|USD']!.netMinor, 500);
  // Sales count on the day they occurred, refunds on the day they were recorded.
  assert.is(figures.byDay['2026-11-24|USD']!.netMinor, 2000);
  assert.is(figures.byDay['2026-11-25|USD']!.netMinor, 500 - 266);
  assert.equal(figures.totals.USD, { currency: 'USD', grossMinor: 2500, refundedMinor: 266, netMinor: 2234, sales: 3, refunds: 1 });
  assert.equal(figures.tokens, { inputTokens: 1500, outputTokens: 500, totalTokens: 2000, costMicroUsd: 500_000 });
});

test('income per 1k tokens and per USD of model cost', async ({ rt }) => {
  await books(rt);
  const summary = ledgerSummary(ledgerFigures(await freshReader(rt.log, rt.projections, ledgerProjection)));
  const usd = summary.totals.find((t) => t.currency === 'USD')!;
  assert.is(usd.net, '22.34');
  assert.is(usd.incomePer1kTokens, 11.17);
  assert.is(usd.incomePerUsdCost, 44.68);
  assert.equal(summary.tokens, { inputTokens: 1500, outputTokens: 500, totalTokens: 2000, costUsd: 0.5 });
  const days = ledgerRows(ledgerFigures(await freshReader(rt.log, rt.projections, ledgerProjection)), 'day');
  assert.equal(days.find((r) => r.day === '2026-11-24' && r.currency === 'USD')?.incomePer1kTokens, 10);
});

test('a sale recorded twice is counted once', async ({ rt }) => {
  ok(await recordIncome(rt, agent('publisher'), sale('g-1', 'Tiny Tool', '12.34')));
  const again = ok(await recordIncome(rt, agent('publisher'), sale('g-1', 'Tiny Tool', '12.34')));
  assert.equal([again.recorded, again.duplicate], [false, true]);
  const figures = ledgerFigures(await freshReader(rt.log, rt.projections, ledgerProjection));
  assert.is(figures.totals.USD!.sales, 1);
});

test('the audit recomputes the ledger from the log and finds it equal', async ({ rt }) => {
  await books(rt);
  const audit = await auditLedger(rt.log, rt.projections);
  assert.equal([audit.ok, audit.sales, audit.refunds, audit.differences], [true, 4, 1, []]);
});

test('the audit finds a tampered projection and reports the difference', async ({ rt }) => {
  await books(rt);
  await freshReader(rt.log, rt.projections, ledgerProjection);
  rt.projections.write((tx) => {
    const docs = tx.docs('ledger');
    const row = docs.get<Record<string, unknown>>('by-product', 'Tiny Tool|USD')!;
    docs.put('by-product', 'Tiny Tool|USD', { ...row, netMinor: 999_999 });
  });
  const audit = await auditLedger(rt.log, rt.projections);
  assert.is(audit.ok, false);
  assert.equal(audit.differences, [{ path: 'byProduct.Tiny Tool|USD.netMinor', projected: 999_999, recomputed: 1734 }]);
});

test('the rebuilt ledger equals the live one, and redelivery changes nothing', async ({ rt }) => {
  ok(await recordIncome(rt, agent('publisher'), sale('g-0', 'Tiny Tool', '1.00')));
  await freshReader(rt.log, rt.projections, ledgerProjection);
  await books(rt);
  await assertRebuildEqualsLive(rt.log, rt.projections, ledgerProjection);
  await assertRedeliveryChangesNothing(rt.log, ledgerProjection);
});

test('a fold of the ledger from position 0 in one go gives the same documents, in the same order, as applying event by event', () => {
  const events: RecordedEvent[] = [];
  let i = 0;
  const add = (stream: string, type: string, data: unknown) => events.push(recordedAt(i, i * 131, stream, type, data)) && i++;
  for (let n = 0; n < 40; n++) {
    const currency = n % 3 ? 'USD' : 'EUR';
    add(`income-s${n}`, 'IncomeRecorded', { source: n % 2 ? 'gumroad' : 'stripe', product: `p${n % 4}`, amountMinor: 100 * n, currency, externalId: `x${n}`, occurredAt: `2026-11-${String(20 + (n % 5)).padStart(2, '0')}T09:00:00Z` });
    add(`run-r${n}`, 'TokensUsed', { agent: `a${n % 3}`, inputTokens: 10 * n, outputTokens: n, costUsd: 0.01 * n });
    if (n % 4 === 1) add(`income-s${n}`, 'IncomeRefunded', { amountMinor: 10 * n, reason: 'refund', externalRefundId: `rf${n}` });
  }
  add('income-unknown', 'IncomeRefunded', { amountMinor: 5, reason: 'refund', externalRefundId: 'rf-x' });
  assertFoldFromStartEqualsApply(ledgerProjection, events, 4);
});

test.run();
