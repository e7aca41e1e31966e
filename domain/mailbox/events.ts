import * as t from 'io-ts';

/**
 * A message put in `to`'s mailbox. Mail is data (W-07): no message, `handoff` included, ever creates a task or
 * passes a human gate; the recipient reads it and decides what to do through the ordinary commands.
 */
export const MessageSent = t.type({
  type: t.literal('MessageSent'),
  data: t.type({ messageId: t.string, from: t.string, to: t.string, type: t.string, payload: t.UnknownRecord }),
});

/** The recipient read the message (only the recipient may mark it). */
export const MessageRead = t.type({
  type: t.literal('MessageRead'),
  data: t.type({ messageId: t.string, by: t.string }),
});

export const MailboxEventCodec = t.union([MessageSent, MessageRead]);
export type MailboxEvent = t.TypeOf<typeof MailboxEventCodec>;
export const mailboxEventTypes = ['MessageSent', 'MessageRead'] as const;
