import type { Decider, DecisionContext } from '../decider.js';
import type { IssueCommand } from './commands.js';
import { decide } from './decide.js';
import type { IssueEvent } from './events.js';
import { evolve, initialState, type IssueState } from './state.js';

export const issueDecider: Decider<IssueCommand, IssueEvent, IssueState, DecisionContext> = { initialState, decide, evolve };

/** `issue-<owner~name>-<number>`: the repo's `/` becomes `~` so the stream name has no path separator. */
export const issueStream = (repo: string, number: number): string => `issue-${repo.replace('/', '~')}-${number}`;

export * from './commands.js';
export * from './events.js';
export type { IssueState } from './state.js';
