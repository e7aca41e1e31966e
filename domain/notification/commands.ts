import * as t from 'io-ts';
import { NotificationKind, NotificationSubject } from './events.js';

export const RaiseNotification = t.intersection([
  t.type({ type: t.literal('RaiseNotification'), notificationId: t.string, kind: NotificationKind, title: t.string, text: t.string }),
  t.partial({ link: t.string, causeEventId: t.string, subject: NotificationSubject }),
]);

export const NotificationCommandCodec = RaiseNotification;
export type NotificationCommand = t.TypeOf<typeof RaiseNotification>;
