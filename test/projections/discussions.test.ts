import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { discussionsProjection } from '../../projections/discussions/discussions-projection.js';
import { findPost, postsSince, thread, topicPosts } from '../../projections/discussions/queries.js';
import { projectionHarness } from './collaboration-harness.js';

const post = (postId: string, topic: string, content: string, replyTo?: string) => ({ postId, author: 'hunter', topic, content, ...(replyTo ? { replyTo } : {}) });

// The harness clock puts event n at 00:0n.
const scenario = async () => {
  const h = projectionHarness(discussionsProjection);
  await h.append('discussion-general', 'PostAdded', post('p1', 'general', 'one'));
  await h.append('discussion-proposal:x', 'PostAdded', post('p2', 'proposal:x', 'two'));
  await h.append('discussion-general', 'PostAdded', post('p3', 'general', 'three', 'p1'));
  await h.append('discussion-general', 'PostAdded', post('p4', 'general', 'four', 'p3'));
  await h.append('discussion-general', 'PostVoted', { postId: 'p1', voter: 'critic', direction: 'up' });
  await h.append('discussion-general', 'PostVoted', { postId: 'p1', voter: 'pm', direction: 'down' });
  await h.append('discussion-general', 'PostVoted', { postId: 'p1', voter: 'tester', direction: 'up' });
  return h;
};

test('a topic shows its newest posts, oldest first', async () => {
  const h = await scenario();
  assert.equal(topicPosts(h.reader(), 'general').map((p) => p.postId), ['p1', 'p3', 'p4']);
  assert.equal(topicPosts(h.reader(), 'general', 2).map((p) => p.postId), ['p3', 'p4']);
  assert.equal(topicPosts(h.reader(), 'proposal:x').map((p) => p.postId), ['p2']);
  await h.close();
});

test('recent posts are those after the cutoff, across topics or in one', async () => {
  const h = await scenario();
  assert.equal(postsSince(h.reader(), '2026-01-01T00:01:30.000Z').map((p) => p.postId), ['p2', 'p3', 'p4']);
  assert.equal(postsSince(h.reader(), '2026-01-01T00:01:30.000Z', { topic: 'general' }).map((p) => p.postId), ['p3', 'p4']);
  await h.close();
});

test('votes are counted per post', async () => {
  const h = await scenario();
  const p1 = findPost(h.reader(), 'p1')!;
  assert.equal([p1.up, p1.down], [2, 1]);
  await h.close();
});

test('a thread nests replies under the post they answer', async () => {
  const h = await scenario();
  const t = thread(h.reader(), 'p1')!;
  assert.is(t.post.postId, 'p1');
  assert.equal(t.replies.map((r) => r.post.postId), ['p3']);
  assert.equal(t.replies[0]!.replies.map((r) => r.post.postId), ['p4']);
  await h.close();
});

test('discussions: redelivery changes nothing and a rebuild equals the live model', async () => {
  const h = await scenario();
  await h.assertRedeliveryChangesNothing();
  await h.assertRebuildEqualsLive();
  await h.close();
});

test.run();
