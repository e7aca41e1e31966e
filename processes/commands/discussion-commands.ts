import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import { defaultTopic, discussionDecider, discussionStream, VoteDirection, type DiscussionContext } from '../../domain/discussion/index.js';
import { invalid, notFound, type DomainError } from '../../domain/errors.js';
import { discussionCollections, discussionsProjection, type PostView } from '../../projections/discussions/discussions-projection.js';
import { findPost, postsSince, thread, topicPosts, type Thread } from '../../projections/discussions/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { DocReader } from '../../projections/engine/projection.js';
import { originOf } from './command-origin.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

export const PostInput = t.intersection([t.type({ content: t.string }), t.partial({ topic: t.string, replyTo: t.string })]);
const VoteInput = t.type({ postId: t.string, direction: VoteDirection });

const posts = (runtime: SwarmRuntime): Promise<DocReader> => freshReader(runtime.log, runtime.projections, discussionsProjection);

/** A full post id, or a unique prefix of one (the CLI prints short ids). */
export const resolvePost = (reader: DocReader, idOrPrefix: string, field: string): Either<DomainError, PostView> => {
  const exact = findPost(reader, idOrPrefix);
  if (exact) return right(exact);
  const matches = idOrPrefix.length >= 4 ? reader.page<PostView>(discussionCollections.posts, { prefix: idOrPrefix, limit: 2 }) : [];
  if (matches.length === 1) return right(matches[0]!);
  if (matches.length > 1) return left(invalid(`${field}: "${idOrPrefix}" matches several posts; give more of the id`, { field }));
  return left(notFound(`${field}: no post ${idOrPrefix}`, { field }));
};

/** Posts in a topic (default `general`) as the caller; a reply names a post of the same topic. */
export const postDiscussion = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  options: { postId?: string; eventIds?: (i: number) => string } = {},
): Promise<Either<DomainError, { postId: string; topic: string }>> => {
  const decoded = decodeWith(PostInput)(input);
  if (isLeft(decoded)) return decoded;
  const topic = decoded.right.topic ?? defaultTopic;
  let replyTo: string | undefined;
  if (decoded.right.replyTo !== undefined) {
    const parent = resolvePost(await posts(runtime), decoded.right.replyTo, 'replyTo');
    // A reply to a post in another topic is left to the decider, which refuses it for this topic.
    replyTo = isLeft(parent) ? decoded.right.replyTo : parent.right.postId;
  }
  const postId = options.postId ?? runtime.newId();
  const ctx: DiscussionContext = { now: runtime.now(), actor: caller.actor, topic };
  const handled = await handleCommand(
    runtime,
    discussionDecider,
    discussionStream(topic),
    { type: 'AddPost', postId, topic, content: decoded.right.content, ...(replyTo !== undefined ? { replyTo } : {}) },
    ctx,
    originOf(runtime, caller),
    options.eventIds ? { eventIds: options.eventIds } : {},
  );
  return isLeft(handled) ? handled : right({ postId, topic });
};

/** Votes a post up or down as the caller (once per post). */
export const votePost = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, PostView>> => {
  const decoded = decodeWith(VoteInput)(input);
  if (isLeft(decoded)) return decoded;
  const post = resolvePost(await posts(runtime), decoded.right.postId, 'postId');
  if (isLeft(post)) return post;
  const { postId, topic } = post.right;
  const ctx: DiscussionContext = { now: runtime.now(), actor: caller.actor, topic };
  const handled = await handleCommand(runtime, discussionDecider, discussionStream(topic), { type: 'VotePost', postId, direction: decoded.right.direction }, ctx, originOf(runtime, caller));
  if (isLeft(handled)) return handled;
  return right(findPost(await posts(runtime), postId) ?? post.right);
};

/** Posts of the last `minutes`, oldest first, optionally of one topic. */
export const recentDiscussions = async (runtime: SwarmRuntime, options: { minutes: number; topic?: string }): Promise<PostView[]> => {
  const since = new Date(Date.parse(runtime.now()) - options.minutes * 60_000).toISOString();
  return postsSince(await posts(runtime), since, options.topic !== undefined ? { topic: options.topic } : {});
};

/** The newest `limit` posts of a topic, oldest first. */
export const topicDiscussions = async (runtime: SwarmRuntime, topic: string, limit = 50): Promise<PostView[]> => topicPosts(await posts(runtime), topic, limit);

export const discussionThread = async (runtime: SwarmRuntime, postId: string): Promise<Either<DomainError, Thread>> => {
  const reader = await posts(runtime);
  const root = resolvePost(reader, postId, 'postId');
  return isLeft(root) ? root : right(thread(reader, root.right.postId)!);
};
