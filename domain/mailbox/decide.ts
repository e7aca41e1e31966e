import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import type { Actor } from '../log/envelope.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../errors.js';
import type { MailboxCommand } from './commands.js';
import type { MailboxEvent } from './events.js';
import { humanMailbox, isMailRecipient, mailRecipients } from './recipients.js';
import type { MailboxState } from './state.js';

export interface MailboxContext extends DecisionContext {
  /** Whose mailbox the command is on (the stream's owner). */
  readonly mailbox: string;
}

/** The mailbox an actor reads: an agent its own, any human operator the shared `human` one. */
export const mailboxOf = (actor: Actor): string => (actor.kind === 'human' ? humanMailbox : actor.id);

const messageType = /^[a-z][a-z0-9_-]{0,63}$/;

export const decide = (cmd: MailboxCommand, s: MailboxState, ctx: MailboxContext): Either<DomainError, MailboxEvent[]> => {
  switch (cmd.type) {
    case 'SendMessage':
      if (!isMailRecipient(cmd.to))
        return left(invalid(`to: "${cmd.to}" is not a mailbox; accepted: ${mailRecipients.join(', ')}`, { field: 'to' }));
      if (cmd.to !== ctx.mailbox) return left(invalid(`to: the message is for ${cmd.to}, not the mailbox of ${ctx.mailbox}`, { field: 'to' }));
      if (!messageType.test(cmd.messageType))
        return left(invalid(`type: expected a lower-case word such as notify, handoff, context, feedback; got "${cmd.messageType}"`, { field: 'type' }));
      if (s.messages.has(cmd.messageId)) return left(conflict(`message ${cmd.messageId} was already sent`, { field: 'messageId' }));
      return right([
        { type: 'MessageSent', data: { messageId: cmd.messageId, from: ctx.actor.id, to: cmd.to, type: cmd.messageType, payload: cmd.payload } },
      ]);
    case 'MarkMessageRead': {
      const message = s.messages.get(cmd.messageId);
      if (!message) return left(notFound(`no message ${cmd.messageId} in the mailbox of ${ctx.mailbox}`, { field: 'messageId' }));
      const reader = mailboxOf(ctx.actor);
      if (reader !== ctx.mailbox) return left(forbidden(`message ${cmd.messageId} is for ${ctx.mailbox}; only the recipient marks it read`));
      if (message.read) return right([]);
      return right([{ type: 'MessageRead', data: { messageId: cmd.messageId, by: ctx.actor.id } }]);
    }
    default: {
      const unknownCommand: never = cmd;
      return unknownCommand;
    }
  }
};
