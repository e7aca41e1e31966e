import type { Decider } from '../decider.js';
import type { ProjectCommand } from './commands.js';
import { decide, type ProjectDecisionContext } from './decide.js';
import type { ProjectEvent } from './events.js';
import { evolve, initialState, type ProjectState } from './state.js';

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export * from './known-idea.js';
export * from './project-folders.js';
export { clampRating, type ProjectDecisionContext } from './decide.js';

/** Project proposals, the human gate before anything is built (SPEC §3.6, gate 1). */
export const projectDecider: Decider<ProjectCommand, ProjectEvent, ProjectState, ProjectDecisionContext> = { initialState, evolve, decide };

export const projectStream = (projectId: string): string => `project-${projectId}`;
