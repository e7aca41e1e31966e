import type { Notification, Notifier } from '../../processes/notifications/notifier.js';

export interface NotificationLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

/**
 * The notifier until Slack is wired: each notification is one structured log line (pino), so it shows in the
 * `swarm up` output and its log files.
 */
export const createLogNotifier = (logger: NotificationLogger): Notifier => ({
  notify: async (notification: Notification) => {
    logger.info({ notification }, `notification: ${notification.title}`);
  },
});
