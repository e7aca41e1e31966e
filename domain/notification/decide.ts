import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { forbidden, invalid, type DomainError } from '../errors.js';
import type { NotificationCommand } from './commands.js';
import type { NotificationEvent } from './events.js';
import type { NotificationState } from './state.js';

export const maxNotificationTitle = 200;
export const maxNotificationText = 4_000;

/** Raised once: raising an already raised notification is a no-op (nothing appended, nothing delivered again). */
export const decide = (cmd: NotificationCommand, s: NotificationState, ctx: DecisionContext): Either<DomainError, NotificationEvent[]> => {
  switch (cmd.type) {
    case 'RaiseNotification': {
      if (ctx.actor.kind !== 'system') return left(forbidden('notifications are raised by the system'));
      if (s.raised) return right([]);
      const title = cmd.title.trim();
      if (title === '') return left(invalid('title: a notification needs a title', { field: 'title' }));
      const { type: _, ...data } = cmd;
      return right([
        {
          type: 'NotificationRaised',
          data: {
            ...data,
            title: title.slice(0, maxNotificationTitle),
            // Long texts (an error, a pitch) are cut: a notification points at the detail, it does not carry it.
            text: cmd.text.length > maxNotificationText ? `${cmd.text.slice(0, maxNotificationText - 1)}…` : cmd.text,
          },
        },
      ]);
    }
    default: {
      const unknownCommand: never = cmd.type;
      return unknownCommand;
    }
  }
};
