import type { Block } from './decision-messages.js';

export interface SlackMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks?: readonly Block[];
  /** Post as a reply in this thread. */
  readonly threadTs?: string;
  /** What the message carries (`notification:<id>` …): sent along as message metadata so it can be looked up. */
  readonly key: string;
  /** A decision message's title and text, recorded with the post so the message can be redrawn with the decision. */
  readonly facts?: { readonly title: string; readonly text: string; readonly link?: string };
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
}

/**
 * What the swarm needs of Slack's Web API (the port; infra/slack has the adapter on `@slack/web-api`). Methods throw
 * when Slack did not take the call (unreachable, 429 after waiting out `Retry-After`, an error): the caller retries.
 */
export interface SlackPoster {
  post(message: SlackMessage): Promise<PostedMessage>;
  /** A message with this key sent since `since` (ISO time), if Slack has one: settles a post a crash left unrecorded. */
  findPosted(query: { channel: string; key: string; threadTs?: string; since: string }): Promise<PostedMessage | undefined>;
  update(message: { channel: string; ts: string; text: string; blocks?: readonly Block[] }): Promise<void>;
  postEphemeral(message: { channel: string; user: string; text: string; threadTs?: string }): Promise<void>;
  openView(triggerId: string, view: Record<string, unknown>): Promise<void>;
}
