import type { Decider } from '../decider.js';
import type { ProposalCommand } from './commands.js';
import { decide, type ProposalContext } from './decide.js';
import type { ProposalEvent } from './events.js';
import { evolve, initialState, type ProposalState } from './state.js';

export const proposalDecider: Decider<ProposalCommand, ProposalEvent, ProposalState, ProposalContext> = { initialState, decide, evolve };

export const proposalStream = (proposalId: string): string => `proposal-${proposalId}`;

export * from './commands.js';
export * from './consensus.js';
export * from './events.js';
export type { ProposalContext } from './decide.js';
export type { ProposalState, ProposalStatus } from './state.js';
export * from './vote-words.js';
