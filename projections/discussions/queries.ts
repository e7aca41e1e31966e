import type { DocReader } from '../engine/projection.js';
import { discussionCollections, type PostView } from './discussions-projection.js';

const resolve = (reader: DocReader, refs: readonly { postId: string }[]): PostView[] =>
  refs.map((r) => reader.get<PostView>(discussionCollections.posts, r.postId)).filter((p): p is PostView => p !== undefined);

export const findPost = (reader: DocReader, postId: string): PostView | undefined => reader.get<PostView>(discussionCollections.posts, postId);

/** The newest `limit` posts of a topic, returned oldest first (the order a conversation is read in). */
export const topicPosts = (reader: DocReader, topic: string, limit = 50): PostView[] =>
  resolve(reader, reader.page<{ postId: string }>(discussionCollections.byTopic, { prefix: `${topic}|`, limit })).reverse();

/**
 * Posts since `since` (ISO time), oldest first, optionally of one topic. Reads newest-first pages, doubling the page
 * until it reaches a post older than `since`, so it never scans more than about twice what it returns.
 */
export const postsSince = (reader: DocReader, since: string, options: { topic?: string; max?: number } = {}): PostView[] => {
  const collection = options.topic === undefined ? discussionCollections.recent : discussionCollections.byTopic;
  const prefix = options.topic === undefined ? undefined : `${options.topic}|`;
  const max = options.max ?? 1000;
  const cutoff = Date.parse(since);
  for (let limit = 64; ; limit *= 2) {
    const page = resolve(reader, reader.page<{ postId: string }>(collection, { ...(prefix ? { prefix } : {}), limit }));
    const recent = page.filter((p) => Date.parse(p.at) > cutoff);
    if (recent.length < page.length || page.length < limit || limit >= max) return recent.slice(0, max).reverse();
  }
};

export const countPostsSince = (reader: DocReader, since: string): number => postsSince(reader, since).length;

export interface Thread {
  readonly post: PostView;
  readonly replies: readonly Thread[];
}

/** A post with its replies, and theirs, oldest first at each level. */
export const thread = (reader: DocReader, postId: string, depth = 20): Thread | undefined => {
  const post = findPost(reader, postId);
  if (!post) return undefined;
  const children = depth <= 0 ? [] : reader.page<{ postId: string }>(discussionCollections.replies, { prefix: `${postId}|` });
  return { post, replies: children.map((c) => thread(reader, c.postId, depth - 1)).filter((t): t is Thread => t !== undefined) };
};
