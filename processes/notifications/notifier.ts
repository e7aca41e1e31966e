import type { NotificationKind, NotificationSubject } from '../../domain/notification/index.js';

export { notificationKinds, type NotificationKind } from '../../domain/notification/index.js';

/** What people are told, in words; `link` points at the detail (the dashboard page) when there is one. */
export interface Notification {
  readonly kind: NotificationKind;
  readonly title: string;
  readonly text: string;
  readonly link?: string;
  /** The project or product approval the notification asks a person to decide on (Slack adds the buttons). */
  readonly subject?: NotificationSubject;
}

/**
 * The notifications port (SPEC §5): where notifications go (Slack, logs). An adapter never throws for a failed
 * delivery: it reports it, as the original did (failures are logged, never raised), so no process stops over it.
 */
export interface Notifier {
  notify(notification: Notification): Promise<void>;
}
