import type { Decider, DecisionContext } from '../decider.js';
import type { RefusalCommand } from './commands.js';
import { decide } from './decide.js';
import type { RefusalEvent } from './events.js';
import { evolve, initialState, type RefusalState } from './state.js';

export const refusalDecider: Decider<RefusalCommand, RefusalEvent, RefusalState, DecisionContext> = { initialState, decide, evolve };

export const refusalStream = (refusalId: string): string => `refusal-${refusalId}`;

export * from './commands.js';
export * from './events.js';
export * from './authority.js';
export type { RefusalState } from './state.js';
