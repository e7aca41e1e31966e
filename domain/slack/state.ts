import type { SlackEvent, SlackMessageFacts } from './events.js';

export interface SlackPostState {
  readonly claim?: { readonly instance: string; readonly until: string };
  /** Some instance claimed this post before: it may have sent it without recording so (a crash in between). */
  readonly claimedBefore: boolean;
  readonly posted?: { readonly channel: string; readonly ts: string; readonly facts?: SlackMessageFacts };
  readonly thread?: { readonly channel: string; readonly threadTs: string; readonly user: string };
}

export const initialState: SlackPostState = { claimedBefore: false };

export const evolve = (state: SlackPostState, event: SlackEvent): SlackPostState => {
  switch (event.type) {
    case 'SlackPostClaimed':
      return { ...state, claim: { instance: event.data.instance, until: event.data.until }, claimedBefore: true };
    case 'SlackMessagePosted':
      return { ...state, posted: { channel: event.data.channel, ts: event.data.ts, ...(event.data.facts ? { facts: event.data.facts } : {}) } };
    case 'SlackThreadLinked':
      return { ...state, thread: { channel: event.data.channel, threadTs: event.data.threadTs, user: event.data.user } };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
};
