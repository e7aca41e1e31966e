import * as t from 'io-ts';
import { IsoDay, WholeNumber } from '../run/quantities.js';

/** `dailyTokens` 0 means unlimited. */
export const BudgetSet = t.type({ type: t.literal('BudgetSet'), data: t.type({ dailyTokens: WholeNumber, by: t.string }) });
export const BudgetWarningRaised = t.type({
  type: t.literal('BudgetWarningRaised'),
  data: t.type({ day: IsoDay, used: WholeNumber, limit: WholeNumber }),
});
export const BudgetExhausted = t.type({
  type: t.literal('BudgetExhausted'),
  data: t.type({ day: IsoDay, used: WholeNumber, limit: WholeNumber }),
});
/** A person lifts the limit for one UTC day (the standing limit is BudgetSet's). */
export const BudgetRaised = t.type({
  type: t.literal('BudgetRaised'),
  data: t.type({ day: IsoDay, dailyTokens: WholeNumber, by: t.string }),
});
/** A person lets the work go on past the limit for the rest of that UTC day. */
export const BudgetResumed = t.type({ type: t.literal('BudgetResumed'), data: t.type({ day: IsoDay, by: t.string }) });

export const BudgetEventCodec = t.union([BudgetSet, BudgetWarningRaised, BudgetExhausted, BudgetRaised, BudgetResumed]);
export type BudgetEvent = t.TypeOf<typeof BudgetEventCodec>;
