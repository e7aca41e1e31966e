import type { DiscussionEvent } from './events.js';

export interface DiscussionState {
  /** Posts of the topic, each with the voters who voted on it. */
  readonly posts: ReadonlyMap<string, { readonly voters: ReadonlySet<string> }>;
}

export const initialState: DiscussionState = { posts: new Map() };

export const evolve = (state: DiscussionState, event: DiscussionEvent): DiscussionState => {
  switch (event.type) {
    case 'PostAdded':
      return { posts: new Map(state.posts).set(event.data.postId, { voters: new Set() }) };
    case 'PostVoted': {
      const post = state.posts.get(event.data.postId);
      const voters = new Set(post?.voters ?? []).add(event.data.voter);
      return { posts: new Map(state.posts).set(event.data.postId, { voters }) };
    }
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
};
