import { test } from 'uvu';
import type { Actor } from '../../domain/log/envelope.js';
import { mailboxDecider, type MailboxContext, type MailboxEvent } from '../../domain/mailbox/index.js';
import { spec } from './spec.js';

const now = '2026-01-01T00:00:00.000Z';
const as = (actor: Actor, mailbox: string): MailboxContext => ({ now, actor, mailbox });
const hunter: Actor = { kind: 'agent', id: 'hunter' };
const critic: Actor = { kind: 'agent', id: 'critic' };
const sent = (messageType = 'context'): MailboxEvent => ({
  type: 'MessageSent',
  data: { messageId: 'm1', from: 'hunter', to: 'critic', type: messageType, payload: { idea: 'x' } },
});

test('a message is put in the recipient mailbox, from the actor', () => {
  spec(mailboxDecider)
    .given([])
    .when({ type: 'SendMessage', messageId: 'm1', to: 'critic', messageType: 'context', payload: { idea: 'x' } }, as(hunter, 'critic'))
    .thenEvents([sent()]);
});

test('mail to a name that is not one of the ten agents or human is refused, listing the accepted names', () => {
  spec(mailboxDecider)
    .given([])
    .when({ type: 'SendMessage', messageId: 'm1', to: 'reseacher', messageType: 'notify', payload: {} }, as(hunter, 'reseacher'))
    .thenFails('invalid', { field: 'to', message: /hunter, critic, .*human/ });
});

test('mail to the humans goes to the human mailbox', () => {
  spec(mailboxDecider)
    .given([])
    .when({ type: 'SendMessage', messageId: 'm1', to: 'human', messageType: 'notify', payload: {} }, as(hunter, 'human'))
    .thenEvents([{ type: 'MessageSent', data: { messageId: 'm1', from: 'hunter', to: 'human', type: 'notify', payload: {} } }]);
});

test('a message type that is not a short lower-case word is refused, naming type', () => {
  spec(mailboxDecider)
    .given([])
    .when({ type: 'SendMessage', messageId: 'm1', to: 'critic', messageType: 'Hand Off!', payload: {} }, as(hunter, 'critic'))
    .thenFails('invalid', { field: 'type' });
});

test('a handoff is only a message: it creates no task and passes no gate (W-07)', () => {
  spec(mailboxDecider)
    .given([])
    .when(
      { type: 'SendMessage', messageId: 'm1', to: 'builder', messageType: 'handoff', payload: { task_type: 'build_product' } },
      as(hunter, 'builder'),
    )
    .thenEvents([{ type: 'MessageSent', data: { messageId: 'm1', from: 'hunter', to: 'builder', type: 'handoff', payload: { task_type: 'build_product' } } }]);
});

test('the same message id twice is refused', () => {
  spec(mailboxDecider)
    .given([sent()])
    .when({ type: 'SendMessage', messageId: 'm1', to: 'critic', messageType: 'context', payload: {} }, as(hunter, 'critic'))
    .thenFails('conflict');
});

test('the recipient marks a message read', () => {
  spec(mailboxDecider)
    .given([sent()])
    .when({ type: 'MarkMessageRead', messageId: 'm1' }, as(critic, 'critic'))
    .thenEvents([{ type: 'MessageRead', data: { messageId: 'm1', by: 'critic' } }]);
});

test('only the recipient marks a message read', () => {
  spec(mailboxDecider).given([sent()]).when({ type: 'MarkMessageRead', messageId: 'm1' }, as(hunter, 'critic')).thenFails('forbidden');
});

test('a human operator reads the human mailbox', () => {
  spec(mailboxDecider)
    .given([{ type: 'MessageSent', data: { messageId: 'm1', from: 'liaison', to: 'human', type: 'notify', payload: {} } }])
    .when({ type: 'MarkMessageRead', messageId: 'm1' }, as({ kind: 'human', id: 'alice' }, 'human'))
    .thenEvents([{ type: 'MessageRead', data: { messageId: 'm1', by: 'alice' } }]);
});

test('marking an unknown message read is refused as not found', () => {
  spec(mailboxDecider).given([]).when({ type: 'MarkMessageRead', messageId: 'nope' }, as(critic, 'critic')).thenFails('not_found', { field: 'messageId' });
});

test('marking a read message again appends nothing', () => {
  spec(mailboxDecider)
    .given([sent(), { type: 'MessageRead', data: { messageId: 'm1', by: 'critic' } }])
    .when({ type: 'MarkMessageRead', messageId: 'm1' }, as(critic, 'critic'))
    .thenEvents([]);
});

test.run();
