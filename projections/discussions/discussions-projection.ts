import { discussionEventTypes, type DiscussionEvent } from '../../domain/discussion/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { Projection } from '../engine/projection.js';

export interface PostView {
  readonly postId: string;
  readonly author: string;
  readonly topic: string;
  readonly content: string;
  readonly replyTo?: string;
  readonly at: string;
  readonly position: number;
  readonly up: number;
  readonly down: number;
}

/**
 * `posts` by id hold the post with its vote counts; the indexes hold only `{postId}` so a vote rewrites one document:
 * `recent` (newest first), `by-topic` (`topic|newest first`), `replies` (`parent|oldest first`), and `votes`
 * (`post|voter`, which makes a redelivered vote count once).
 */
export const discussionCollections = { posts: 'posts', recent: 'recent', byTopic: 'by-topic', replies: 'replies', votes: 'votes' } as const;

const ceiling = 999_999_999_999_999;
export const newestFirst = (position: number): string => String(ceiling - position).padStart(15, '0');
export const oldestFirst = (position: number): string => String(position).padStart(15, '0');

/** Discussions and threads (SPEC §3.4, §4). */
export const discussionsProjection: Projection = {
  name: 'discussions',
  version: 1,
  eventTypes: discussionEventTypes,
  apply: (docs, recorded: RecordedEvent) => {
    const event = { type: recorded.type, data: recorded.data } as DiscussionEvent;
    switch (event.type) {
      case 'PostAdded': {
        const { postId, author, topic, content, replyTo } = event.data;
        if (docs.get(discussionCollections.posts, postId)) return;
        const post: PostView = { postId, author, topic, content, ...(replyTo ? { replyTo } : {}), at: recorded.metadata.at, position: recorded.position, up: 0, down: 0 };
        docs.put(discussionCollections.posts, postId, post);
        docs.put(discussionCollections.recent, newestFirst(recorded.position), { postId });
        docs.put(discussionCollections.byTopic, `${topic}|${newestFirst(recorded.position)}`, { postId });
        if (replyTo) docs.put(discussionCollections.replies, `${replyTo}|${oldestFirst(recorded.position)}`, { postId });
        return;
      }
      case 'PostVoted': {
        const { postId, voter, direction } = event.data;
        const voteKey = `${postId}|${voter}`;
        const post = docs.get<PostView>(discussionCollections.posts, postId);
        if (!post || docs.get(discussionCollections.votes, voteKey)) return;
        docs.put(discussionCollections.votes, voteKey, { direction });
        docs.put(discussionCollections.posts, postId, { ...post, up: post.up + (direction === 'up' ? 1 : 0), down: post.down + (direction === 'down' ? 1 : 0) });
        return;
      }
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  },
};
