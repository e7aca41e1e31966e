import type { Decider } from '../decider.js';
import type { MailboxCommand } from './commands.js';
import { decide, type MailboxContext } from './decide.js';
import type { MailboxEvent } from './events.js';
import { evolve, initialState, type MailboxState } from './state.js';

export const mailboxDecider: Decider<MailboxCommand, MailboxEvent, MailboxState, MailboxContext> = { initialState, decide, evolve };

/** One mailbox per recipient: `mailbox-<agent>` (or `mailbox-human`). */
export const mailboxStream = (recipient: string): string => `mailbox-${recipient}`;

export * from './commands.js';
export * from './events.js';
export { mailboxOf, type MailboxContext } from './decide.js';
export { humanMailbox, isMailRecipient, mailRecipients } from './recipients.js';
export type { MailboxState } from './state.js';
