import { test } from 'uvu';
import type { DecisionContext } from '../../domain/decider.js';
import type { Actor } from '../../domain/log/envelope.js';
import { slackDecider, type SlackCommand, type SlackEvent } from '../../domain/slack/index.js';
import { spec } from './spec.js';

const system: Actor = { kind: 'system', id: 'slack' };
const at = (now: string, actor: Actor = system): DecisionContext => ({ now, actor });
const t0 = '2026-01-01T00:00:00.000Z';
const key = 'notification:n1';
const claim = (instance: string): SlackCommand => ({ type: 'ClaimSlackPost', key, instance, leaseSeconds: 60 });
const claimed = (instance: string, until = '2026-01-01T00:01:00.000Z'): SlackEvent => ({ type: 'SlackPostClaimed', data: { key, instance, until } });
const record = (instance: string): SlackCommand => ({ type: 'RecordSlackPost', key, instance, channel: 'C1', ts: '1.000001' });
const posted: SlackEvent = { type: 'SlackMessagePosted', data: { key, channel: 'C1', ts: '1.000001' } };

test('the first instance to claim a post holds it for the lease', () => {
  spec(slackDecider).given([]).when(claim('a'), at(t0)).thenEvents([claimed('a')]);
});

test('another instance cannot claim a post held by an unexpired claim', () => {
  spec(slackDecider).given([claimed('a')]).when(claim('b'), at('2026-01-01T00:00:30.000Z')).thenFails('conflict', { message: /being posted by a/ });
});

test('a claim that ran out (its instance crashed) can be taken over', () => {
  spec(slackDecider).given([claimed('a')]).when(claim('b'), at('2026-01-01T00:02:00.000Z')).thenEvents([claimed('b', '2026-01-01T00:03:00.000Z')]);
});

test('the holder renews its own claim while it keeps trying', () => {
  spec(slackDecider).given([claimed('a')]).when(claim('a'), at('2026-01-01T00:00:30.000Z')).thenEvents([claimed('a', '2026-01-01T00:01:30.000Z')]);
});

test('a posted message is never claimed again', () => {
  spec(slackDecider).given([claimed('a'), posted]).when(claim('b'), at('2026-01-01T00:05:00.000Z')).thenEvents([]);
});

test('only the holder of the claim records the post', () => {
  spec(slackDecider).given([claimed('a')]).when(record('b'), at(t0)).thenFails('conflict');
  spec(slackDecider).given([claimed('a')]).when(record('a'), at(t0)).thenEvents([posted]);
  spec(slackDecider).given([claimed('a'), posted]).when(record('a'), at(t0)).thenEvents([]);
});

test('a Slack thread is linked to a chat once; only the system records Slack deliveries', () => {
  const link: SlackCommand = { type: 'LinkSlackThread', correlationId: 'c1', channel: 'D1', threadTs: '2.0', user: 'U1' };
  const linked: SlackEvent = { type: 'SlackThreadLinked', data: { correlationId: 'c1', channel: 'D1', threadTs: '2.0', user: 'U1' } };
  spec(slackDecider).given([]).when(link, at(t0)).thenEvents([linked]);
  spec(slackDecider).given([linked]).when(link, at(t0)).thenEvents([]);
  spec(slackDecider).given([]).when(link, at(t0, { kind: 'agent', id: 'liaison' })).thenFails('forbidden');
});

test.run();
