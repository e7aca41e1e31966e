import * as t from 'io-ts';
import { IsoTime, NonEmptyText, PositiveWholeNumber, WholeNumber } from '../run/quantities.js';
import { Currency } from './money.js';

/** Where money came from (gumroad, stripe, npm, manual …): lowercase, no `-`, so `sale-<source>-<external id>` reads back unambiguously. */
export const IncomeSource = t.refinement(t.string, (s) => /^[a-z0-9][a-z0-9_.]{0,39}$/.test(s), 'a source name of lowercase letters, digits, _ and . (e.g. gumroad)');
/** The payment provider's own id of the sale or refund. */
export const ExternalId = t.refinement(t.string, (s) => /^\S{1,200}$/.test(s), 'an external id without spaces (up to 200 characters)');

export const IncomeRecorded = t.type({
  type: t.literal('IncomeRecorded'),
  data: t.type({
    source: IncomeSource,
    product: NonEmptyText,
    /** Integer minor units of `currency` (cents for USD). */
    amountMinor: WholeNumber,
    currency: Currency,
    externalId: ExternalId,
    occurredAt: IsoTime,
  }),
});
export const IncomeRefunded = t.type({
  type: t.literal('IncomeRefunded'),
  data: t.type({ amountMinor: PositiveWholeNumber, reason: NonEmptyText, externalRefundId: ExternalId }),
});

export const IncomeEventCodec = t.union([IncomeRecorded, IncomeRefunded]);
export type IncomeEvent = t.TypeOf<typeof IncomeEventCodec>;
export type Sale = t.TypeOf<typeof IncomeRecorded>['data'];
