import type { Decider } from '../decider.js';
import type { AgentCommand } from './commands.js';
import { decide, type AgentDecisionContext } from './decide.js';
import type { AgentEvent } from './events.js';
import { evolve, initialState, type AgentState } from './state.js';

export const agentDecider: Decider<AgentCommand, AgentEvent, AgentState, AgentDecisionContext> = { initialState, decide, evolve };

export const agentStream = (name: string): string => `agent-${name}`;

export * from './commands.js';
export * from './events.js';
export * from './roles.js';
export type { AgentState } from './state.js';
export type { AgentDecisionContext } from './decide.js';
