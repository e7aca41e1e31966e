import type { Decider, DecisionContext } from '../decider.js';
import type { RunCommand } from './commands.js';
import { decide } from './decide.js';
import type { RunEvent } from './events.js';
import { evolve, initialState, type RunState } from './state.js';

export const runDecider: Decider<RunCommand, RunEvent, RunState, DecisionContext> = { initialState, decide, evolve };

export const runStream = (runId: string): string => `run-${runId}`;

export * from './commands.js';
export * from './events.js';
export { microUsd, type RunState } from './state.js';
