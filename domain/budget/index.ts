import type { Decider } from '../decider.js';
import type { BudgetCommand } from './commands.js';
import { decide, type BudgetContext } from './decide.js';
import type { BudgetEvent } from './events.js';
import { evolve, initialState, type BudgetState } from './state.js';

export const budgetDecider: Decider<BudgetCommand, BudgetEvent, BudgetState, BudgetContext> = { initialState, decide, evolve };

/** `swarm` is the whole swarm's budget; any other scope is an agent's name. */
export type BudgetScope = string;
export const swarmBudgetScope = 'swarm';
export const budgetStream = (scope: BudgetScope): string => `budget-${scope}`;

export * from './commands.js';
export * from './events.js';
export type { BudgetContext } from './decide.js';
export { limitOn, type BudgetState } from './state.js';
