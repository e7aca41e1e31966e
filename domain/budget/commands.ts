import * as t from 'io-ts';
import { IsoDay, WholeNumber } from '../run/quantities.js';

export const SetBudget = t.type({ type: t.literal('SetBudget'), dailyTokens: WholeNumber });
/** Usage so far on `day`, read from the tokens projection by the budget guard. */
export const RecordUsage = t.type({ type: t.literal('RecordUsage'), day: IsoDay, usedToday: WholeNumber });
export const RaiseBudget = t.type({ type: t.literal('RaiseBudget'), day: IsoDay, dailyTokens: WholeNumber });
export const ResumeBudget = t.type({ type: t.literal('ResumeBudget'), day: IsoDay });

export const BudgetCommandCodec = t.union([SetBudget, RecordUsage, RaiseBudget, ResumeBudget]);
export type BudgetCommand = t.TypeOf<typeof BudgetCommandCodec>;
