import * as t from 'io-ts';

/** The sender is the actor of the command; `messageId` comes from the caller (a new id, or one derived from a cause). */
export const SendMessage = t.type({
  type: t.literal('SendMessage'),
  messageId: t.string,
  to: t.string,
  messageType: t.string,
  payload: t.UnknownRecord,
});

/** The reader is the actor of the command (the `human` mailbox is read by any human operator). */
export const MarkMessageRead = t.type({ type: t.literal('MarkMessageRead'), messageId: t.string });

export const MailboxCommandCodec = t.union([SendMessage, MarkMessageRead]);
export type MailboxCommand = t.TypeOf<typeof MailboxCommandCodec>;
