import type { RecordedEvent } from '../../domain/log/envelope.js';
import { mailboxEventTypes, type MailboxEvent } from '../../domain/mailbox/index.js';
import type { DocWriter, Projection } from '../engine/projection.js';

export interface MessageView {
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly type: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly sentAt: string;
  readonly read: boolean;
  readonly readAt?: string;
  readonly readBy?: string;
  readonly position: number;
}

/**
 * `messages` by id; `inbox` and `unread` keyed `recipient|<newest first>`, each entry the message's id, so an inbox
 * page is one prefix read in newest-first order (then the messages by id); `unread` holds only messages not yet read.
 */
export const mailCollections = { messages: 'messages', inbox: 'inbox', unread: 'unread' } as const;

/** Keys that sort newest first: the position subtracted from a 15-digit ceiling. */
export const newestFirst = (position: number): string => String(999_999_999_999_999 - position).padStart(15, '0');

const inboxKey = (m: Pick<MessageView, 'to' | 'position'>) => `${m.to}|${newestFirst(m.position)}`;

const save = (docs: DocWriter, view: MessageView) => {
  docs.put(mailCollections.messages, view.messageId, view);
  docs.put(mailCollections.inbox, inboxKey(view), view.messageId);
  if (view.read) docs.delete(mailCollections.unread, inboxKey(view));
  else docs.put(mailCollections.unread, inboxKey(view), view.messageId);
};

/** Every mailbox (SPEC §3.3), with read marks. */
export const mailProjection: Projection = {
  name: 'mail',
  // 2: inbox and unread entries hold the message id, not a copy of the message.
  version: 2,
  eventTypes: mailboxEventTypes,
  apply: (docs, recorded: RecordedEvent) => {
    const event = { type: recorded.type, data: recorded.data } as MailboxEvent;
    switch (event.type) {
      case 'MessageSent': {
        if (docs.get(mailCollections.messages, event.data.messageId)) return;
        const { messageId, from, to, type, payload } = event.data;
        save(docs, { messageId, from, to, type, payload, sentAt: recorded.metadata.at, read: false, position: recorded.position });
        return;
      }
      case 'MessageRead': {
        const message = docs.get<MessageView>(mailCollections.messages, event.data.messageId);
        if (!message || message.read) return;
        save(docs, { ...message, read: true, readAt: recorded.metadata.at, readBy: event.data.by });
        return;
      }
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  },
};
