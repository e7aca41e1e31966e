import * as t from 'io-ts';
import { IsoTime, NonEmptyText, PositiveWholeNumber, WholeNumber } from '../run/quantities.js';
import { ExternalId, IncomeSource } from './events.js';
import { Currency } from './money.js';

export const RecordIncome = t.intersection([
  t.type({
    type: t.literal('RecordIncome'),
    source: IncomeSource,
    product: NonEmptyText,
    amountMinor: WholeNumber,
    currency: Currency,
    externalId: ExternalId,
  }),
  /** When the sale happened; the decision's time when not given. */
  t.partial({ occurredAt: IsoTime }),
]);
export const RefundIncome = t.type({
  type: t.literal('RefundIncome'),
  amountMinor: PositiveWholeNumber,
  reason: NonEmptyText,
  externalRefundId: ExternalId,
});

export const IncomeCommandCodec = t.union([RecordIncome, RefundIncome]);
export type IncomeCommand = t.TypeOf<typeof IncomeCommandCodec>;
