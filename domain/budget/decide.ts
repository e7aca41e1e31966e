import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, invalid, type DomainError } from '../errors.js';
import type { BudgetCommand } from './commands.js';
import type { BudgetEvent } from './events.js';
import { limitOn, type BudgetState } from './state.js';

/** The configured budget settings a decision applies (from the typed config). */
export interface BudgetContext extends DecisionContext {
  /** Daily tokens when no person has set a budget for this scope; 0 = unlimited. */
  readonly defaultDailyTokens: number;
  /** Fraction of the limit at which the day's warning is raised (default 0.7). */
  readonly warningThreshold: number;
}

const none: readonly BudgetEvent[] = [];

/**
 * Budgets are kept in the log, per agent and for the swarm, per UTC day (W-12: the original counted in memory,
 * per process, reset on restart). Warnings and exhaustion are decided here from the usage the guard reports, so
 * each is appended once per day however often usage is reported.
 */
export const decide = (cmd: BudgetCommand, s: BudgetState, ctx: BudgetContext): Either<DomainError, readonly BudgetEvent[]> => {
  switch (cmd.type) {
    case 'SetBudget':
      if (ctx.actor.kind === 'agent') return left(forbidden('only a person may set a budget'));
      if (cmd.dailyTokens === s.dailyTokens) return right(none);
      return right([{ type: 'BudgetSet', data: { dailyTokens: cmd.dailyTokens, by: ctx.actor.id } }]);
    case 'RecordUsage': {
      const limit = limitOn(s, cmd.day, ctx.defaultDailyTokens);
      if (limit === 0) return right(none);
      const events: BudgetEvent[] = [];
      const facts = { day: cmd.day, used: cmd.usedToday, limit };
      if (cmd.usedToday >= ctx.warningThreshold * limit && !s.warnedOn[cmd.day] && !s.resumedOn[cmd.day]) events.push({ type: 'BudgetWarningRaised', data: facts });
      const reachedBefore = s.exhaustedAt[cmd.day];
      if (cmd.usedToday >= limit && !s.resumedOn[cmd.day] && (reachedBefore === undefined || reachedBefore < limit))
        events.push({ type: 'BudgetExhausted', data: facts });
      return right(events);
    }
    case 'RaiseBudget': {
      if (ctx.actor.kind === 'agent') return left(forbidden('only a person may raise a budget'));
      const limit = limitOn(s, cmd.day, ctx.defaultDailyTokens);
      if (limit === 0) return left(conflict('the budget is already unlimited', { field: 'dailyTokens' }));
      if (cmd.dailyTokens !== 0 && cmd.dailyTokens <= limit)
        return left(invalid(`dailyTokens: a raise must be above the current limit of ${limit} (or 0 for unlimited)`, { field: 'dailyTokens' }));
      return right([{ type: 'BudgetRaised', data: { day: cmd.day, dailyTokens: cmd.dailyTokens, by: ctx.actor.id } }]);
    }
    case 'ResumeBudget':
      if (ctx.actor.kind === 'agent') return left(forbidden('only a person may resume work past a budget'));
      if (s.resumedOn[cmd.day]) return right(none);
      if (s.exhaustedAt[cmd.day] === undefined) return left(conflict(`the budget was not exhausted on ${cmd.day}; nothing to resume`, { field: 'day' }));
      return right([{ type: 'BudgetResumed', data: { day: cmd.day, by: ctx.actor.id } }]);
    default: {
      const unknown: never = cmd;
      return unknown;
    }
  }
};
