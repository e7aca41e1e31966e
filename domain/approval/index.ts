import type { Decider } from '../decider.js';
import type { ApprovalCommand } from './commands.js';
import { decide, type ApprovalDecisionContext } from './decide.js';
import type { ApprovalEvent } from './events.js';
import { evolve, initialState, type ApprovalState } from './state.js';

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export type { ApprovalDecisionContext, PublishTaskFacts } from './decide.js';

/** Product approvals, the human gate before anything is published (SPEC §3.6, gate 2). */
export const approvalDecider: Decider<ApprovalCommand, ApprovalEvent, ApprovalState, ApprovalDecisionContext> = { initialState, evolve, decide };

export const approvalStream = (approvalId: string): string => `approval-${approvalId}`;
