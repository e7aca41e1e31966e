import type { Decider, DecisionContext } from '../decider.js';
import type { MemoryCommand } from './commands.js';
import { decide } from './decide.js';
import type { MemoryEvent } from './events.js';
import { evolve, initialState, type MemoryState } from './state.js';

export const memoryDecider: Decider<MemoryCommand, MemoryEvent, MemoryState, DecisionContext> = { initialState, decide, evolve };

export const memoryStream = (memoryId: string): string => `memory-${memoryId}`;

export * from './commands.js';
export * from './events.js';
export type { MemoryState } from './state.js';
