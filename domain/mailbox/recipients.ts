import { agentNames } from '../agent/roles.js';

/** Mail to the people running the swarm goes to this one mailbox. */
export const humanMailbox = 'human';

/** Mail is addressed to one of the ten role agents or to the humans; anything else is refused. */
export const mailRecipients: readonly string[] = [...agentNames, humanMailbox];

export const isMailRecipient = (name: string): boolean => mailRecipients.includes(name);
