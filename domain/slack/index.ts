import type { Decider, DecisionContext } from '../decider.js';
import type { SlackCommand } from './commands.js';
import { decide } from './decide.js';
import type { SlackEvent } from './events.js';
import { evolve, initialState, type SlackPostState } from './state.js';

export const slackDecider: Decider<SlackCommand, SlackEvent, SlackPostState, DecisionContext> = { initialState, decide, evolve };

/** One stream per outgoing Slack message, named by its key (`notification:<id>`, `reply:<postId>`). */
export const slackPostStream = (key: string): string => `slackpost-${key}`;
/** One stream per chat thread started from Slack, named by the chat's correlation id. */
export const slackThreadStream = (correlationId: string): string => `slackthread-${correlationId}`;

export * from './commands.js';
export * from './events.js';
export type { SlackPostState } from './state.js';
