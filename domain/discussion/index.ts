import type { Decider } from '../decider.js';
import type { DiscussionCommand } from './commands.js';
import { decide, type DiscussionContext } from './decide.js';
import type { DiscussionEvent } from './events.js';
import { evolve, initialState, type DiscussionState } from './state.js';

export const discussionDecider: Decider<DiscussionCommand, DiscussionEvent, DiscussionState, DiscussionContext> = {
  initialState,
  decide,
  evolve,
};

/** One stream per topic, the topic kept as is (`discussion-proposal:<id>`). */
export const discussionStream = (topic: string): string => `discussion-${topic}`;

export * from './commands.js';
export * from './events.js';
export * from './topic.js';
export type { DiscussionContext } from './decide.js';
export type { DiscussionState } from './state.js';
