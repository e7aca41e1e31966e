import * as t from 'io-ts';
import { SlackMessageFacts } from './events.js';

export const ClaimSlackPost = t.type({ type: t.literal('ClaimSlackPost'), key: t.string, instance: t.string, leaseSeconds: t.number });
export const RecordSlackPost = t.intersection([
  t.type({ type: t.literal('RecordSlackPost'), key: t.string, instance: t.string, channel: t.string, ts: t.string }),
  t.partial({ found: t.boolean, facts: SlackMessageFacts }),
]);
export const LinkSlackThread = t.type({
  type: t.literal('LinkSlackThread'),
  correlationId: t.string,
  channel: t.string,
  threadTs: t.string,
  user: t.string,
});

export const SlackCommandCodec = t.union([ClaimSlackPost, RecordSlackPost, LinkSlackThread]);
export type SlackCommand = t.TypeOf<typeof SlackCommandCodec>;
