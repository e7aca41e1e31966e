import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import { notFound, type DomainError } from '../../domain/errors.js';
import { mailboxDecider, mailboxStream, type MailboxContext } from '../../domain/mailbox/index.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { mailProjection, type MessageView } from '../../projections/mail/mail-projection.js';
import { findMessage, inbox as inboxQuery } from '../../projections/mail/queries.js';
import { originOf } from './command-origin.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

export const SendMailInput = t.intersection([t.type({ to: t.string, type: t.string }), t.partial({ payload: t.UnknownRecord })]);
const MarkReadInput = t.type({ messageId: t.string });

/**
 * Puts a message in `to`'s mailbox; the sender is the caller. A `handoff` is only a message (W-07): no task is made
 * from mail. Process managers pass `messageId` and `eventIds` derived from the cause, so a redelivery sends nothing new.
 */
export const sendMail = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  options: { messageId?: string; eventIds?: (i: number) => string } = {},
): Promise<Either<DomainError, { messageId: string }>> => {
  const decoded = decodeWith(SendMailInput)(input);
  if (isLeft(decoded)) return decoded;
  const { to, type, payload } = decoded.right;
  const messageId = options.messageId ?? runtime.newId();
  const ctx: MailboxContext = { now: runtime.now(), actor: caller.actor, mailbox: to };
  const handled = await handleCommand(
    runtime,
    mailboxDecider,
    mailboxStream(to),
    { type: 'SendMessage', messageId, to, messageType: type, payload: payload ?? {} },
    ctx,
    originOf(runtime, caller),
    options.eventIds ? { eventIds: options.eventIds } : {},
  );
  return isLeft(handled) ? handled : right({ messageId });
};

/** Marks a message read; only its recipient may (the decider checks the caller against the mailbox). */
export const markRead = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, MessageView>> => {
  const decoded = decodeWith(MarkReadInput)(input);
  if (isLeft(decoded)) return decoded;
  const { messageId } = decoded.right;
  const message = findMessage(await freshReader(runtime.log, runtime.projections, mailProjection), messageId);
  if (!message) return left(notFound(`no message ${messageId}`, { field: 'messageId' }));
  const ctx: MailboxContext = { now: runtime.now(), actor: caller.actor, mailbox: message.to };
  const handled = await handleCommand(runtime, mailboxDecider, mailboxStream(message.to), { type: 'MarkMessageRead', messageId }, ctx, originOf(runtime, caller));
  if (isLeft(handled)) return handled;
  return right(findMessage(await freshReader(runtime.log, runtime.projections, mailProjection), messageId) ?? message);
};

/** A recipient's mail, newest first; reading does not mark anything read. */
export const inbox = async (runtime: SwarmRuntime, recipient: string, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<MessageView[]> =>
  inboxQuery(await freshReader(runtime.log, runtime.projections, mailProjection), recipient, options);
