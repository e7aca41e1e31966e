import * as t from 'io-ts';
import { VoteDirection } from './events.js';

/** The author is the actor of the command; `postId` comes from the caller (new, or derived from a cause). */
export const AddPost = t.intersection([
  t.type({ type: t.literal('AddPost'), postId: t.string, topic: t.string, content: t.string }),
  t.partial({ replyTo: t.string }),
]);

/** The voter is the actor of the command. */
export const VotePost = t.type({ type: t.literal('VotePost'), postId: t.string, direction: VoteDirection });

export const DiscussionCommandCodec = t.union([AddPost, VotePost]);
export type DiscussionCommand = t.TypeOf<typeof DiscussionCommandCodec>;
