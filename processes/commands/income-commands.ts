import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import { invalid, type DomainError } from '../../domain/errors.js';
import { FreeText, IdString, NameString } from '../../domain/limits/index.js';
import { Currency, ExternalId, incomeDecider, IncomeSource, parseAmount, saleStream, type IncomeCommand } from '../../domain/income/index.js';
import { WholeNumber } from '../../domain/run/quantities.js';
import { originOf } from './command-origin.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

/** A time with an explicit zone (or a bare UTC day), so a sale's day never depends on the machine's time zone. */
const ZonedTime = t.refinement(
  t.string,
  (s) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/.test(s) && !Number.isNaN(Date.parse(s)),
  'an ISO-8601 time with a zone, e.g. 2026-11-24T08:00:00Z',
);

/** An amount is given either as decimal text in the currency's units ("12.34") or as integer minor units (1234). */
const Amount = t.partial({ amount: t.string, amountMinor: WholeNumber });
/** What a caller gives is held to the input limits (the events keep their own, older codec for what is stored). */
const ExternalIdInput = t.intersection([ExternalId, IdString], 'an external id: letters, digits and _ . : @ + = / ~ - (up to 200)');
const SaleRef = t.type({ source: IncomeSource, externalId: ExternalIdInput });
const RecordInput = t.intersection([SaleRef, t.type({ product: NameString, currency: Currency }), Amount, t.partial({ occurredAt: ZonedTime })]);
const RefundInput = t.intersection([SaleRef, t.type({ reason: FreeText }), Amount, t.partial({ currency: Currency, refundId: ExternalIdInput })]);

const minorUnits = (i: { amount?: string; amountMinor?: number }, currency: string): Either<DomainError, number> => {
  if ((i.amount === undefined) === (i.amountMinor === undefined))
    return left(invalid('amount: give the amount either as text (12.34) or in minor units, exactly one of them', { field: 'amount' }));
  return i.amount !== undefined ? parseAmount(i.amount, currency) : right(i.amountMinor!);
};

export interface IncomeCommandResult {
  readonly stream: string;
  /** False when the same sale (or refund) was already recorded with the same data: nothing was appended. */
  readonly recorded: boolean;
  readonly duplicate: boolean;
  readonly amountMinor: number;
  readonly position: number;
}

const onSale = async (runtime: SwarmRuntime, caller: CommandCaller, stream: string, command: IncomeCommand, amountMinor: number) => {
  const handled = await handleCommand(runtime, incomeDecider, stream, command, { now: runtime.now(), actor: caller.actor }, originOf(runtime, caller));
  if (isLeft(handled)) return handled;
  const recorded = handled.right.events.length > 0;
  return right<DomainError, IncomeCommandResult>({ stream, recorded, duplicate: !recorded, amountMinor, position: handled.right.position });
};

/** Records a sale, idempotent by source and external id (a retried report appends nothing; a different one is refused). */
export const recordIncome = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, IncomeCommandResult>> => {
  const decoded = decodeWith(RecordInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const amountMinor = minorUnits(i, i.currency);
  if (isLeft(amountMinor)) return amountMinor;
  const command: IncomeCommand = {
    type: 'RecordIncome',
    source: i.source,
    product: i.product.trim(),
    amountMinor: amountMinor.right,
    currency: i.currency,
    externalId: i.externalId,
    ...(i.occurredAt !== undefined ? { occurredAt: new Date(i.occurredAt).toISOString() } : {}),
  };
  return onSale(runtime, caller, saleStream(i.source, i.externalId), command, amountMinor.right);
};

/**
 * Records a refund of (part of) a sale. `refundId` is the provider's id of the refund, which makes a retried report
 * harmless; without one each call is a new refund. The currency is the sale's: given, it must match.
 */
export const refundIncome = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, IncomeCommandResult>> => {
  const decoded = decodeWith(RefundInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const stream = saleStream(i.source, i.externalId);
  // The amount's decimal places depend on the sale's currency, which only the recorded sale knows.
  const history = await runtime.log.readStream(stream, { maxCount: 1 });
  const sale = isLeft(history) ? undefined : (history.right[0]?.data as { currency: string } | undefined);
  const currency = sale?.currency ?? i.currency ?? 'USD';
  if (sale && i.currency !== undefined && i.currency !== sale.currency)
    return left(invalid(`currency: the sale was in ${sale.currency}, not ${i.currency}`, { field: 'currency' }));
  const amountMinor = minorUnits(i, currency);
  if (isLeft(amountMinor)) return amountMinor;
  if (amountMinor.right === 0) return left(invalid('amount: a refund must be more than 0', { field: 'amount' }));
  const command: IncomeCommand = { type: 'RefundIncome', amountMinor: amountMinor.right, reason: i.reason.trim(), externalRefundId: i.refundId ?? runtime.newId() };
  return onSale(runtime, caller, stream, command, amountMinor.right);
};
