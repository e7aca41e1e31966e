import { test } from 'uvu';
import type { DecisionContext } from '../../domain/decider.js';
import type { Actor } from '../../domain/log/envelope.js';
import { notificationDecider, type NotificationCommand, type NotificationEvent } from '../../domain/notification/index.js';
import { spec } from './spec.js';

const system: Actor = { kind: 'system', id: 'notifications' };
const at = (actor: Actor = system): DecisionContext => ({ now: '2026-01-01T00:00:00.000Z', actor });
const raise = (extra: Partial<NotificationCommand> = {}): NotificationCommand => ({
  type: 'RaiseNotification',
  notificationId: 'n1',
  kind: 'task_failed',
  title: 'Task failed: research',
  text: 'agent hunter: boom',
  causeEventId: 'e1',
  ...extra,
});
const raised: NotificationEvent = {
  type: 'NotificationRaised',
  data: { notificationId: 'n1', kind: 'task_failed', title: 'Task failed: research', text: 'agent hunter: boom', causeEventId: 'e1' },
};

test('a notification is raised once', () => {
  spec(notificationDecider).given([]).when(raise(), at()).thenEvents([raised]);
});

test('raising it again appends nothing (redelivery or a second instance never notifies twice)', () => {
  spec(notificationDecider).given([raised]).when(raise(), at()).thenEvents([]);
});

test('only the system raises notifications', () => {
  spec(notificationDecider).given([]).when(raise(), at({ kind: 'agent', id: 'hunter' })).thenFails('forbidden');
});

test('a notification without a title is refused, naming title', () => {
  spec(notificationDecider).given([]).when(raise({ title: '  ' }), at()).thenFails('invalid', { field: 'title' });
});

test('a very long text is cut, not refused', () => {
  const events = spec(notificationDecider).given([]).when(raise({ text: 'x'.repeat(10_000) }), at()).events();
  if (events[0]!.data.text.length !== 4_000) throw new Error(`text is ${events[0]!.data.text.length} long`);
});

test.run();
