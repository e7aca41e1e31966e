import * as t from 'io-ts';

/**
 * One message the swarm sends to Slack (a notification, a decision message, the Liaison's answer in a thread), keyed
 * by what it carries (`notification:<id>`, `reply:<postId>`). A `swarm up` claims the post before sending it, so of two
 * instances only one sends; the claim runs out (`until`) so a crashed instance's post is taken over, after a look at
 * the channel for the message it may have sent.
 */
export const SlackPostClaimed = t.type({
  type: t.literal('SlackPostClaimed'),
  data: t.type({ key: t.string, instance: t.string, until: t.string }),
});

/** What a decision message says, kept so the message can be redrawn with the decision under it. */
export const SlackMessageFacts = t.intersection([t.type({ title: t.string, text: t.string }), t.partial({ link: t.string })]);
export type SlackMessageFacts = t.TypeOf<typeof SlackMessageFacts>;

/** Slack accepted the message: where it is (`channel`, `ts`), so it can be updated (a decision) or answered in. */
export const SlackMessagePosted = t.type({
  type: t.literal('SlackMessagePosted'),
  data: t.intersection([t.type({ key: t.string, channel: t.string, ts: t.string }), t.partial({ found: t.boolean, facts: SlackMessageFacts })]),
});

/** A person wrote to the swarm from Slack: the chat thread's correlation id and the Slack thread the answer goes to. */
export const SlackThreadLinked = t.type({
  type: t.literal('SlackThreadLinked'),
  data: t.type({ correlationId: t.string, channel: t.string, threadTs: t.string, user: t.string }),
});

export const SlackEventCodec = t.union([SlackPostClaimed, SlackMessagePosted, SlackThreadLinked]);
export type SlackEvent = t.TypeOf<typeof SlackEventCodec>;
export const slackEventTypes = ['SlackPostClaimed', 'SlackMessagePosted', 'SlackThreadLinked'] as const;
