import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecisionContext } from '../../domain/decider.js';
import { formatAmount, incomeDecider, parseAmount, type IncomeCommand, type IncomeEvent } from '../../domain/income/index.js';
import { spec } from './spec.js';

const ctx: DecisionContext = { now: '2026-11-24T10:00:00.000Z', actor: { kind: 'agent', id: 'publisher' } };
const record: IncomeCommand = { type: 'RecordIncome', source: 'gumroad', product: 'Tiny Tool', amountMinor: 1234, currency: 'USD', externalId: 'g-1' };
const recorded: IncomeEvent = {
  type: 'IncomeRecorded',
  data: { source: 'gumroad', product: 'Tiny Tool', amountMinor: 1234, currency: 'USD', externalId: 'g-1', occurredAt: '2026-11-24T10:00:00.000Z' },
};
const refund = (amountMinor: number, externalRefundId = 'rf-1'): IncomeCommand => ({ type: 'RefundIncome', amountMinor, reason: 'asked', externalRefundId });
const refunded = (amountMinor: number, externalRefundId = 'rf-1'): IncomeEvent => ({ type: 'IncomeRefunded', data: { amountMinor, reason: 'asked', externalRefundId } });

test('a sale is recorded, at the decision time when no time is given', () => {
  spec(incomeDecider).given([]).when(record, ctx).thenEvents([recorded]);
});

test('the same sale reported again appends nothing', () => {
  spec(incomeDecider).given([recorded]).when(record, ctx).thenEvents([]);
  spec(incomeDecider).given([recorded]).when({ ...record, occurredAt: '2026-11-24T10:00:00Z' }, ctx).thenEvents([]);
});

test('the same sale reported with different data is refused, never overwritten', () => {
  spec(incomeDecider).given([recorded]).when({ ...record, amountMinor: 1500 }, ctx).thenFails('conflict', { field: 'amount' });
  spec(incomeDecider).given([recorded]).when({ ...record, occurredAt: '2026-11-23T10:00:00.000Z' }, ctx).thenFails('conflict', { field: 'occurredAt' });
});

test('a refund is recorded against its sale', () => {
  spec(incomeDecider).given([recorded]).when(refund(234), ctx).thenEvents([refunded(234)]);
});

test('refunds cannot exceed the sale, in total', () => {
  spec(incomeDecider).given([recorded]).when(refund(1235), ctx).thenFails('conflict', { field: 'amount' });
  spec(incomeDecider).given([recorded, refunded(1000)]).when(refund(235, 'rf-2'), ctx).thenFails('conflict', { message: /2\.34 USD is left/ });
  spec(incomeDecider).given([recorded, refunded(1000)]).when(refund(234, 'rf-2'), ctx).thenEvents([refunded(234, 'rf-2')]);
});

test('a refund reported again appends nothing; with different data it is refused', () => {
  spec(incomeDecider).given([recorded, refunded(100)]).when(refund(100), ctx).thenEvents([]);
  spec(incomeDecider).given([recorded, refunded(100)]).when(refund(200), ctx).thenFails('conflict', { field: 'externalRefundId' });
});

test('a refund of an unknown sale is refused', () => {
  spec(incomeDecider).given([]).when(refund(100), ctx).thenFails('not_found');
});

test('amounts are parsed exactly into minor units, never through a float', () => {
  assert.equal(parseAmount('12.34', 'USD'), { _tag: 'Right', right: 1234 });
  assert.equal(parseAmount('0.29', 'USD'), { _tag: 'Right', right: 29 });
  assert.equal(parseAmount('12', 'USD'), { _tag: 'Right', right: 1200 });
  assert.equal(parseAmount('1000', 'JPY'), { _tag: 'Right', right: 1000 });
  assert.equal(parseAmount('1.234', 'KWD'), { _tag: 'Right', right: 1234 });
  assert.is(formatAmount(1234, 'USD'), '12.34');
  assert.is(formatAmount(5, 'USD'), '0.05');
});

test('more decimal places than the currency has are refused, naming the amount', () => {
  const parsed = parseAmount('12.345', 'USD');
  assert.is(parsed._tag === 'Left' && parsed.left.field, 'amount');
  assert.is(parseAmount('1.5', 'JPY')._tag, 'Left');
  assert.is(parseAmount('-1', 'USD')._tag, 'Left');
  assert.is(parseAmount('1e3', 'USD')._tag, 'Left');
});

test.run();
