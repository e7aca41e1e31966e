import type { Decider, DecisionContext } from '../decider.js';
import type { IncomeCommand } from './commands.js';
import { decide } from './decide.js';
import type { IncomeEvent } from './events.js';
import { evolve, initialState, type SaleState } from './state.js';

export const incomeDecider: Decider<IncomeCommand, IncomeEvent, SaleState, DecisionContext> = { initialState, decide, evolve };

/** `sale-<source>-<external id>`: the source has no `-`, so the first one after `sale-` ends it. */
export const saleStream = (source: string, externalId: string): string => `sale-${source}-${externalId}`;

export * from './commands.js';
export * from './events.js';
export * from './money.js';
export type { SaleState } from './state.js';
