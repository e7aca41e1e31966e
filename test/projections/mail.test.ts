import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mailProjection } from '../../projections/mail/mail-projection.js';
import { findMessage, inbox, unreadCount } from '../../projections/mail/queries.js';
import { projectionHarness } from './collaboration-harness.js';

const scenario = async () => {
  const h = projectionHarness(mailProjection);
  await h.append('mailbox-critic', 'MessageSent', { messageId: 'm1', from: 'hunter', to: 'critic', type: 'context', payload: { n: 1 } });
  await h.append('mailbox-critic', 'MessageSent', { messageId: 'm2', from: 'pm', to: 'critic', type: 'notify', payload: { n: 2 } });
  await h.append('mailbox-builder', 'MessageSent', { messageId: 'm3', from: 'hunter', to: 'builder', type: 'handoff', payload: {} });
  await h.append('mailbox-critic', 'MessageSent', { messageId: 'm4', from: 'tester', to: 'critic', type: 'feedback', payload: { n: 4 } });
  await h.append('mailbox-critic', 'MessageRead', { messageId: 'm2', by: 'critic' });
  return h;
};

test('an inbox lists the recipient messages newest first, with read marks', async () => {
  const h = await scenario();
  assert.equal(inbox(h.reader(), 'critic').map((m) => [m.messageId, m.read]), [['m4', false], ['m2', true], ['m1', false]]);
  assert.equal(inbox(h.reader(), 'critic', { limit: 2 }).map((m) => m.messageId), ['m4', 'm2']);
  assert.equal(inbox(h.reader(), 'builder').map((m) => m.messageId), ['m3']);
  await h.close();
});

test('unread mail leaves out what the recipient has read', async () => {
  const h = await scenario();
  assert.equal(inbox(h.reader(), 'critic', { unreadOnly: true }).map((m) => m.messageId), ['m4', 'm1']);
  assert.is(unreadCount(h.reader(), 'critic'), 2);
  assert.is(findMessage(h.reader(), 'm2')?.readBy, 'critic');
  await h.close();
});

test('mail: redelivery changes nothing and a rebuild equals the live model', async () => {
  const h = await scenario();
  await h.assertRedeliveryChangesNothing();
  await h.assertRebuildEqualsLive();
  await h.close();
});

test.run();
