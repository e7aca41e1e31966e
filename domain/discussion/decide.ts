import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, invalid, notFound, type DomainError } from '../errors.js';
import type { DiscussionCommand } from './commands.js';
import type { DiscussionEvent } from './events.js';
import type { DiscussionState } from './state.js';
import { isValidTopic, maxPostLength } from './topic.js';

export interface DiscussionContext extends DecisionContext {
  /** The topic whose stream the command is on. */
  readonly topic: string;
}

export const decide = (cmd: DiscussionCommand, s: DiscussionState, ctx: DiscussionContext): Either<DomainError, DiscussionEvent[]> => {
  switch (cmd.type) {
    case 'AddPost': {
      if (!isValidTopic(cmd.topic))
        return left(invalid(`topic: expected letters, digits and _ - . : (at most 120), got "${cmd.topic}"`, { field: 'topic' }));
      if (cmd.topic !== ctx.topic) return left(invalid(`topic: the post is for ${cmd.topic}, not ${ctx.topic}`, { field: 'topic' }));
      if (cmd.content.trim() === '') return left(invalid('content: a post needs some text', { field: 'content' }));
      if (cmd.content.length > maxPostLength) return left(invalid(`content: longer than ${maxPostLength} characters`, { field: 'content' }));
      if (s.posts.has(cmd.postId)) return left(conflict(`post ${cmd.postId} already exists`, { field: 'postId' }));
      if (cmd.replyTo !== undefined && !s.posts.has(cmd.replyTo))
        return left(notFound(`replyTo: no post ${cmd.replyTo} in topic ${cmd.topic}`, { field: 'replyTo' }));
      const replyTo = cmd.replyTo !== undefined ? { replyTo: cmd.replyTo } : {};
      return right([{ type: 'PostAdded', data: { postId: cmd.postId, author: ctx.actor.id, topic: cmd.topic, content: cmd.content, ...replyTo } }]);
    }
    case 'VotePost': {
      const post = s.posts.get(cmd.postId);
      if (!post) return left(notFound(`no post ${cmd.postId} in topic ${ctx.topic}`, { field: 'postId' }));
      if (post.voters.has(ctx.actor.id)) return left(conflict(`${ctx.actor.id} already voted on post ${cmd.postId}`));
      return right([{ type: 'PostVoted', data: { postId: cmd.postId, voter: ctx.actor.id, direction: cmd.direction } }]);
    }
    default: {
      const unknownCommand: never = cmd;
      return unknownCommand;
    }
  }
};
