import type { Decider, DecisionContext } from '../decider.js';
import type { AgentCommand } from './commands.js';
import { decide } from './decide.js';
import type { AgentEvent } from './events.js';
import { evolve, initialState, type AgentState } from './state.js';

export const agentDecider: Decider<AgentCommand, AgentEvent, AgentState, DecisionContext> = { initialState, decide, evolve };

export const agentStream = (name: string): string => `agent-${name}`;

export * from './commands.js';
export * from './events.js';
export * from './roles.js';
export type { AgentState } from './state.js';
