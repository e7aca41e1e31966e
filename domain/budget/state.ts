import type { BudgetEvent } from './events.js';

export interface BudgetState {
  /** The standing daily limit, once a person has set one; until then the configured default applies. */
  readonly dailyTokens?: number;
  readonly raisedFor: Readonly<Record<string, number>>;
  readonly warnedOn: Readonly<Record<string, true>>;
  /** Per day, the limit that was last reached (a raise makes a new limit that can be reached again). */
  readonly exhaustedAt: Readonly<Record<string, number>>;
  readonly resumedOn: Readonly<Record<string, true>>;
}

export const initialState: BudgetState = { raisedFor: {}, warnedOn: {}, exhaustedAt: {}, resumedOn: {} };

export const evolve = (s: BudgetState, e: BudgetEvent): BudgetState => {
  switch (e.type) {
    case 'BudgetSet':
      return { ...s, dailyTokens: e.data.dailyTokens };
    case 'BudgetRaised':
      return { ...s, raisedFor: { ...s.raisedFor, [e.data.day]: e.data.dailyTokens } };
    case 'BudgetWarningRaised':
      return { ...s, warnedOn: { ...s.warnedOn, [e.data.day]: true } };
    case 'BudgetExhausted':
      return { ...s, exhaustedAt: { ...s.exhaustedAt, [e.data.day]: e.data.limit } };
    case 'BudgetResumed':
      return { ...s, resumedOn: { ...s.resumedOn, [e.data.day]: true } };
  }
};

/** The limit in force on `day` (0 = unlimited). */
export const limitOn = (s: BudgetState, day: string, defaultDailyTokens: number): number =>
  s.raisedFor[day] ?? s.dailyTokens ?? defaultDailyTokens;
