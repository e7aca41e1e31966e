import type { DocReader } from '../engine/projection.js';
import type { BudgetDayView, BudgetView, TokenUsage } from './tokens-projection.js';

const nothing = (day: string, agent?: string): TokenUsage => ({
  day,
  ...(agent ? { agent } : {}),
  inputTokens: 0,
  outputTokens: 0,
  totalTokens: 0,
  costMicroUsd: 0,
  reports: 0,
  lastPosition: 0,
});

/** One agent's usage on a UTC day (zeros when it used nothing), or the whole swarm's when `agent` is omitted. */
export const usageOn = (reader: DocReader, day: string, agent?: string): TokenUsage =>
  (agent ? reader.get<TokenUsage>('agent-day', `${day}|${agent}`) : reader.get<TokenUsage>('day', day)) ?? nothing(day, agent);

/** Every agent's usage on a UTC day, ordered by agent. */
export const agentUsageOn = (reader: DocReader, day: string): TokenUsage[] => reader.page<TokenUsage>('agent-day', { prefix: `${day}|` });

export const budgetOf = (reader: DocReader, scope: string): BudgetView | undefined => reader.get<BudgetView>('budgets', scope);

export const budgetDay = (reader: DocReader, scope: string, day: string): BudgetDayView | undefined =>
  reader.get<BudgetDayView>('budget-days', `${scope}|${day}`);

/**
 * Whether today's budget of a scope (an agent, or `swarm`) stops new runs: exhausted, and no person has raised it
 * above what was used or said to go on for the day.
 */
export const budgetBlocks = (reader: DocReader, scope: string, day: string): boolean => {
  const view = budgetDay(reader, scope, day);
  if (!view?.exhausted || view.resumed) return false;
  return !(view.raisedTo !== undefined && view.raisedTo > view.exhausted.limit);
};

/** The budgets waiting for a person's decision today (raise or resume): the "approval items" of the budget guard. */
export const budgetsAwaitingPerson = (reader: DocReader, scopes: readonly string[], day: string) =>
  scopes
    .filter((scope) => budgetBlocks(reader, scope, day))
    .map((scope) => ({ scope, day, used: budgetDay(reader, scope, day)!.exhausted!.used, limit: budgetDay(reader, scope, day)!.exhausted!.limit }));
