import type { Decider, DecisionContext } from '../decider.js';
import type { NotificationCommand } from './commands.js';
import { decide } from './decide.js';
import type { NotificationEvent } from './events.js';
import { evolve, initialState, type NotificationState } from './state.js';

export const notificationDecider: Decider<NotificationCommand, NotificationEvent, NotificationState, DecisionContext> = {
  initialState,
  decide,
  evolve,
};

export const notificationStream = (notificationId: string): string => `notification-${notificationId}`;

export * from './commands.js';
export * from './events.js';
export type { NotificationState } from './state.js';
