import * as t from 'io-ts';

export const PostAdded = t.type({
  type: t.literal('PostAdded'),
  data: t.intersection([
    t.type({ postId: t.string, author: t.string, topic: t.string, content: t.string }),
    t.partial({ replyTo: t.string }),
  ]),
});

export const VoteDirection = t.keyof({ up: null, down: null }, 'up or down');
export type VoteDirection = t.TypeOf<typeof VoteDirection>;

/** One vote per voter per post. */
export const PostVoted = t.type({
  type: t.literal('PostVoted'),
  data: t.type({ postId: t.string, voter: t.string, direction: VoteDirection }),
});

export const DiscussionEventCodec = t.union([PostAdded, PostVoted]);
export type DiscussionEvent = t.TypeOf<typeof DiscussionEventCodec>;
export const discussionEventTypes = ['PostAdded', 'PostVoted'] as const;
