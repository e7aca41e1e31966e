import type { DocReader } from '../engine/projection.js';
import { mailCollections, type MessageView } from './mail-projection.js';

/** A recipient's messages, newest first (ORCH-31); reading the inbox does not mark anything read. */
export const inbox = (reader: DocReader, recipient: string, options: { unreadOnly?: boolean; limit?: number } = {}): MessageView[] =>
  reader
    .page<string>(options.unreadOnly ? mailCollections.unread : mailCollections.inbox, { prefix: `${recipient}|`, limit: options.limit ?? 50 })
    .map((id) => reader.get<MessageView>(mailCollections.messages, id))
    .filter((m): m is MessageView => m !== undefined);

export const unreadCount = (reader: DocReader, recipient: string): number => reader.count(mailCollections.unread, `${recipient}|`);

export const findMessage = (reader: DocReader, messageId: string): MessageView | undefined =>
  reader.get<MessageView>(mailCollections.messages, messageId);
