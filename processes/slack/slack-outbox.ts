import { isLeft } from 'fp-ts/lib/Either.js';
import { fold } from '../../domain/decider.js';
import { PostAdded } from '../../domain/discussion/events.js';
import type { Actor, RecordedEvent } from '../../domain/log/envelope.js';
import { NotificationRaised } from '../../domain/notification/index.js';
import { slackDecider, slackPostStream, slackThreadStream, type SlackEvent } from '../../domain/slack/index.js';
import { handleCommand, type CommandOrigin } from '../commands/handle-command.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { FollowUp, ProcessManager } from '../engine/process-manager.js';
import { notificationBlocks, slackEscape } from './decision-messages.js';
import type { SlackMessage, SlackPoster } from './slack-poster.js';

export const slackActor: Actor = { kind: 'system', id: 'slack' };
export const chatTopic = 'human_chat';

export interface SlackOutboxLog {
  warn(fields: Record<string, unknown>, message: string): void;
  info?(fields: Record<string, unknown>, message: string): void;
}

export interface SlackOutboxOptions {
  readonly channel: string;
  /** This `swarm up`'s name in claims (unique per start). */
  readonly instance: string;
  /** How long a claim holds before another instance may take the post over (default 60 s). */
  readonly leaseSeconds?: number;
  /** Stops the waiting and retrying when `swarm up` stops (the post is picked up again at the next start). */
  readonly signal: AbortSignal;
  readonly log?: SlackOutboxLog;
  /** Longest wait between two tries while Slack is unreachable (default 30 s). */
  readonly maxRetryDelayMs?: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

/** Seconds Slack asked to wait (`Retry-After`), when the error is a rate limit. */
const retryAfterOf = (e: unknown): number | undefined => {
  const seconds = (e as { retryAfter?: unknown }).retryAfter;
  return typeof seconds === 'number' && seconds >= 0 ? seconds : undefined;
};

const readPost = async (runtime: SwarmRuntime, key: string) => {
  const read = await runtime.log.readStream(slackPostStream(key));
  return fold(slackDecider, isLeft(read) ? [] : (read.right.map((e) => ({ type: e.type, data: e.data })) as SlackEvent[]));
};

/**
 * Sends one message exactly once across every `swarm up` on the log, and waits for Slack as long as it takes:
 * claim the post (one instance wins the stream's revision), send it, record where it went. A claim left by a crashed
 * instance runs out; whoever takes it over first looks in the channel for the message (its metadata carries the key)
 * and records it instead of sending it again. While Slack is unreachable the same message is tried again (honouring
 * `Retry-After`) and, the outbox handling events in log order, everything after it waits its turn.
 */
export const deliverOnce = async (runtime: SwarmRuntime, poster: SlackPoster, message: SlackMessage, origin: CommandOrigin, options: SlackOutboxOptions): Promise<void> => {
  const { key } = message;
  const stream = slackPostStream(key);
  const lease = options.leaseSeconds ?? 60;
  const maxDelay = options.maxRetryDelayMs ?? 30_000;
  const ctx = () => ({ now: runtime.now(), actor: slackActor });
  for (let failures = 0; ; ) {
    if (options.signal.aborted) throw new Error(`stopping: Slack message ${key} left for the next start`);
    const before = await readPost(runtime, key);
    if (before.posted) return;
    const claimed = await handleCommand(runtime, slackDecider, stream, { type: 'ClaimSlackPost', key, instance: options.instance, leaseSeconds: lease }, ctx(), origin);
    if (isLeft(claimed)) {
      // Another instance is sending it: wait for its record (or for its claim to run out).
      await sleep(500, options.signal);
      continue;
    }
    try {
      const found = before.claimedBefore ? await poster.findPosted({ channel: message.channel, key, ...(message.threadTs ? { threadTs: message.threadTs } : {}), since: new Date(Date.parse(runtime.now()) - 86_400_000).toISOString() }) : undefined;
      const posted = found ?? (await poster.post(message));
      const recorded = await handleCommand(
        runtime,
        slackDecider,
        stream,
        { type: 'RecordSlackPost', key, instance: options.instance, channel: posted.channel, ts: posted.ts, ...(found ? { found: true } : {}) },
        ctx(),
        origin,
      );
      if (isLeft(recorded)) options.log?.warn({ key, error: recorded.left }, 'Slack message sent but its record refused');
      return;
    } catch (e) {
      failures++;
      const retryAfter = retryAfterOf(e);
      const delay = retryAfter !== undefined ? retryAfter * 1000 : Math.min(maxDelay, 250 * 2 ** Math.min(failures, 10));
      options.log?.warn({ key, err: e instanceof Error ? e.message : String(e), failures, retryInMs: delay }, 'Slack message not sent yet; trying again');
      await sleep(delay, options.signal);
    }
  }
};

/** The Slack thread a chat started from Slack answers into, if it started there. */
const threadOf = async (runtime: SwarmRuntime, correlationId: string) => {
  const read = await runtime.log.readStream(slackThreadStream(correlationId));
  if (isLeft(read) || read.right.length === 0) return undefined;
  return fold(slackDecider, read.right.map((e) => ({ type: e.type, data: e.data })) as SlackEvent[]).thread;
};

/**
 * Slack's side of the log: every raised notification goes to the channel (a proposal or a product approval with its
 * decision buttons), and an agent's answer in a chat that started in Slack goes back into that Slack thread.
 */
export const slackOutbox = (poster: SlackPoster, options: SlackOutboxOptions): ProcessManager => ({
  name: 'slack-outbox',
  eventTypes: ['NotificationRaised', 'PostAdded'],
  react: async (event: RecordedEvent, runtime: SwarmRuntime): Promise<FollowUp[]> => {
    const as = { type: event.type, data: event.data };
    if (event.type === 'NotificationRaised') {
      const n = NotificationRaised.decode(as);
      if (n._tag === 'Left') return [];
      const data = n.right.data;
      const message: SlackMessage = {
        channel: options.channel,
        key: `notification:${data.notificationId}`,
        // Slack reads `<!channel>`, `<@U…>` and links in the fallback text too: what agents wrote is shown, not obeyed.
        text: slackEscape(`${data.title}\n${data.text}`),
        blocks: notificationBlocks(data),
      };
      return [{ purpose: 'post', execute: (ctx) => deliverOnce(ctx.runtime, poster, message, ctx.origin, options) }];
    }
    const post = PostAdded.decode(as);
    if (post._tag === 'Left' || post.right.data.topic !== chatTopic) return [];
    // Only the swarm's answers go back: the person's own words came from Slack.
    if (event.metadata.actor.kind !== 'agent') return [];
    const thread = await threadOf(runtime, event.metadata.correlationId);
    if (!thread) return [];
    const message: SlackMessage = {
      channel: thread.channel,
      threadTs: thread.threadTs,
      key: `reply:${post.right.data.postId}`,
      text: `*${slackEscape(post.right.data.author)}:* ${slackEscape(post.right.data.content)}`,
    };
    return [{ purpose: 'reply', execute: (ctx) => deliverOnce(ctx.runtime, poster, message, ctx.origin, options) }];
  },
});
