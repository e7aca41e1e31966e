import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { notificationDecider, notificationStream } from '../../domain/notification/index.js';
import type { Actor } from '../../domain/log/envelope.js';
import { handleCommand, type CommandOrigin } from '../commands/handle-command.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { Notification, Notifier } from './notifier.js';

export const notificationsActor: Actor = { kind: 'system', id: 'notifications' };

export interface NotificationLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface Raised {
  /** False when this notification had been raised before (by this process earlier, or by another `swarm up`). */
  readonly raised: boolean;
  readonly delivered: boolean;
}

/**
 * Records the notification (NotificationRaised, once per id) and, only if this call recorded it, delivers it.
 * The record takes a fresh event id on purpose: two processes raising the same notification then race on the
 * stream's revision and exactly one wins and delivers, where a derived id would let both "append" (the log is
 * idempotent by id) and both deliver. A crash between the record and the delivery loses that one delivery (the
 * record stays, for the dashboard) rather than ever sending twice.
 */
export const raiseNotification = async (
  runtime: SwarmRuntime,
  notifier: Notifier,
  input: { notificationId: string; notification: Notification; origin: CommandOrigin; causeEventId?: string },
  log?: NotificationLog,
): Promise<Either<DomainError, Raised>> => {
  const { notificationId, notification, origin, causeEventId } = input;
  const handled = await handleCommand(
    runtime,
    notificationDecider,
    notificationStream(notificationId),
    {
      type: 'RaiseNotification',
      notificationId,
      kind: notification.kind,
      title: notification.title,
      text: notification.text,
      ...(notification.link ? { link: notification.link } : {}),
      ...(notification.subject ? { subject: notification.subject } : {}),
      ...(causeEventId ? { causeEventId } : {}),
    },
    { now: runtime.now(), actor: notificationsActor },
    origin,
  );
  if (isLeft(handled)) return handled;
  if (handled.right.events.length === 0) return right({ raised: false, delivered: false });
  try {
    await notifier.notify(notification);
    return right({ raised: true, delivered: true });
  } catch (e) {
    log?.warn({ notificationId, kind: notification.kind, err: e }, 'notification not delivered');
    return right({ raised: true, delivered: false });
  }
};
