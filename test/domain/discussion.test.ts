import { test } from 'uvu';
import type { Actor } from '../../domain/log/envelope.js';
import { discussionDecider, type DiscussionContext, type DiscussionEvent } from '../../domain/discussion/index.js';
import { spec } from './spec.js';

const now = '2026-01-01T00:00:00.000Z';
const as = (id: string, topic = 'general'): DiscussionContext => ({ now, actor: { kind: 'agent', id } as Actor, topic });
const posted = (postId = 'p1', author = 'hunter'): DiscussionEvent => ({
  type: 'PostAdded',
  data: { postId, author, topic: 'general', content: 'Found a gap' },
});

test('a post is added by the actor', () => {
  spec(discussionDecider).given([]).when({ type: 'AddPost', postId: 'p1', topic: 'general', content: 'Found a gap' }, as('hunter')).thenEvents([posted()]);
});

test('a reply names a post of the same topic', () => {
  spec(discussionDecider)
    .given([posted()])
    .when({ type: 'AddPost', postId: 'p2', topic: 'general', content: 'Agreed', replyTo: 'p1' }, as('critic'))
    .thenEvents([{ type: 'PostAdded', data: { postId: 'p2', author: 'critic', topic: 'general', content: 'Agreed', replyTo: 'p1' } }]);
});

test('a reply to a post that is not in the topic is refused, naming replyTo', () => {
  spec(discussionDecider)
    .given([posted()])
    .when({ type: 'AddPost', postId: 'p2', topic: 'general', content: 'Agreed', replyTo: 'elsewhere' }, as('critic'))
    .thenFails('not_found', { field: 'replyTo' });
});

test('an empty post is refused, naming content', () => {
  spec(discussionDecider).given([]).when({ type: 'AddPost', postId: 'p1', topic: 'general', content: '  ' }, as('hunter')).thenFails('invalid', { field: 'content' });
});

test('a topic with spaces or slashes is refused, naming topic', () => {
  spec(discussionDecider)
    .given([])
    .when({ type: 'AddPost', postId: 'p1', topic: 'a b/c', content: 'hi' }, as('hunter', 'a b/c'))
    .thenFails('invalid', { field: 'topic' });
});

test('a proposal topic keeps its colon', () => {
  spec(discussionDecider)
    .given([])
    .when({ type: 'AddPost', postId: 'p1', topic: 'proposal:abc', content: 'hi' }, as('hunter', 'proposal:abc'))
    .thenEvents([{ type: 'PostAdded', data: { postId: 'p1', author: 'hunter', topic: 'proposal:abc', content: 'hi' } }]);
});

test('a voter votes a post up or down', () => {
  spec(discussionDecider)
    .given([posted()])
    .when({ type: 'VotePost', postId: 'p1', direction: 'down' }, as('critic'))
    .thenEvents([{ type: 'PostVoted', data: { postId: 'p1', voter: 'critic', direction: 'down' } }]);
});

test('one vote per voter per post', () => {
  spec(discussionDecider)
    .given([posted(), { type: 'PostVoted', data: { postId: 'p1', voter: 'critic', direction: 'up' } }])
    .when({ type: 'VotePost', postId: 'p1', direction: 'down' }, as('critic'))
    .thenFails('conflict');
});

test('a vote on a post that does not exist is refused (the original recorded it)', () => {
  spec(discussionDecider).given([]).when({ type: 'VotePost', postId: 'p9', direction: 'up' }, as('critic')).thenFails('not_found', { field: 'postId' });
});

test.run();
