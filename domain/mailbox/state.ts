import type { MailboxEvent } from './events.js';

export interface MailboxState {
  /** Every message id in the mailbox, with whether it has been read. */
  readonly messages: ReadonlyMap<string, { readonly read: boolean }>;
}

export const initialState: MailboxState = { messages: new Map() };

export const evolve = (state: MailboxState, event: MailboxEvent): MailboxState => {
  switch (event.type) {
    case 'MessageSent':
      return { messages: new Map(state.messages).set(event.data.messageId, { read: false }) };
    case 'MessageRead':
      return { messages: new Map(state.messages).set(event.data.messageId, { read: true }) };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
};
