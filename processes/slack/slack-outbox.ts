import { isLeft } from 'fp-ts/lib/Either.js';
import { fold } from '../../domain/decider.js';
import { PostAdded } from '../../domain/discussion/events.js';
import type { Actor, RecordedEvent } from '../../domain/log/envelope.js';
import { NotificationRaised, type NotificationSubject } from '../../domain/notification/index.js';
import { slackDecider, slackPostStream, slackThreadStream, type SlackEvent } from '../../domain/slack/index.js';
import { handleCommand, type CommandOrigin } from '../commands/handle-command.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { FollowUp, ProcessManager } from '../engine/process-manager.js';
import { decidedBlocks, decidedText, notificationBlocks, slackEscape, type DecisionOutcome } from './decision-messages.js';
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
    // Renewed only past half its lease: a long outage must not append a claim for every try.
    const held = before.claim?.instance === options.instance && Date.parse(before.claim.until) - Date.parse(runtime.now()) > (lease * 1000) / 2;
    const claimed = held ? undefined : await handleCommand(runtime, slackDecider, stream, { type: 'ClaimSlackPost', key, instance: options.instance, leaseSeconds: lease }, ctx(), origin);
    if (claimed && isLeft(claimed)) {
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
        { type: 'RecordSlackPost', key, instance: options.instance, channel: posted.channel, ts: posted.ts, ...(found ? { found: true } : {}), ...(message.facts ? { facts: message.facts } : {}) },
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

const decisionKey = (subject: NotificationSubject) => `decision:${subject.kind}:${subject.id}`;

const decisionStatus: Readonly<Record<string, string>> = {
  ProjectApproved: 'approved',
  ProjectRejected: 'rejected',
  ProjectDeferred: 'deferred',
  ApprovalGranted: 'approved',
  ApprovalRejected: 'rejected',
};
const decisionEventTypes = Object.keys(decisionStatus);

interface Decision {
  readonly subject: NotificationSubject;
  readonly outcome: DecisionOutcome;
}

/** A person's decision on a project or a product approval, from whichever door it came (Slack, CLI, dashboard). */
const decisionOf = (event: RecordedEvent): Decision | undefined => {
  const status = decisionStatus[event.type];
  const data = event.data as { projectId?: unknown; approvalId?: unknown; by?: unknown; reason?: unknown };
  const id = event.type.startsWith('Project') ? data.projectId : data.approvalId;
  if (!status || typeof id !== 'string' || typeof data.by !== 'string') return undefined;
  return {
    subject: { kind: event.type.startsWith('Project') ? 'project' : 'approval', id },
    outcome: { status, by: data.by, ...(typeof data.reason === 'string' ? { reason: data.reason } : {}) },
  };
};

/**
 * The decision shown on its message: the buttons give way to who decided what. Every instance may do it (the same
 * update twice is the same message); a message never posted (Slack was off then) is left alone. Log order means the
 * post, if any, was settled before its decision comes up here.
 */
const showDecision = async (runtime: SwarmRuntime, poster: SlackPoster, d: Decision, options: SlackOutboxOptions): Promise<void> => {
  const posted = (await readPost(runtime, decisionKey(d.subject))).posted;
  if (!posted?.facts) return;
  const facts = posted.facts;
  for (let failures = 0; ; ) {
    if (options.signal.aborted) throw new Error(`stopping: the decision on ${d.subject.id} is shown at the next start`);
    try {
      await poster.update({
        channel: posted.channel,
        ts: posted.ts,
        text: decidedText(facts.title, d.outcome),
        blocks: decidedBlocks(notificationBlocks({ ...facts, subject: d.subject }), facts.title, d.outcome),
      });
      return;
    } catch (e) {
      failures++;
      const retryAfter = retryAfterOf(e);
      // A message Slack no longer has (deleted) cannot show anything: the decision stands regardless.
      if ((e as { data?: { error?: string } }).data?.error === 'message_not_found') return;
      const delay = retryAfter !== undefined ? retryAfter * 1000 : Math.min(options.maxRetryDelayMs ?? 30_000, 250 * 2 ** Math.min(failures, 10));
      options.log?.warn({ subject: d.subject, err: e instanceof Error ? e.message : String(e), failures, retryInMs: delay }, 'decision not shown in Slack yet; trying again');
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
 * decision buttons), each decision is shown on its message (whoever made it, wherever), and an agent's answer in a
 * chat that started in Slack goes back into that Slack thread.
 */
export const slackOutbox = (poster: SlackPoster, options: SlackOutboxOptions): ProcessManager => ({
  name: 'slack-outbox',
  eventTypes: ['NotificationRaised', 'PostAdded', ...decisionEventTypes],
  react: async (event: RecordedEvent, runtime: SwarmRuntime): Promise<FollowUp[]> => {
    const as = { type: event.type, data: event.data };
    if (event.type === 'NotificationRaised') {
      const n = NotificationRaised.decode(as);
      if (n._tag === 'Left') return [];
      const data = n.right.data;
      const message: SlackMessage = {
        channel: options.channel,
        // A decision message is keyed by what it decides, so the decision (from Slack, the CLI or the dashboard) finds it.
        key: data.subject ? decisionKey(data.subject) : `notification:${data.notificationId}`,
        ...(data.subject ? { facts: { title: data.title, text: data.text, ...(data.link ? { link: data.link } : {}) } } : {}),
        // Slack reads `<!channel>`, `<@U…>` and links in the fallback text too: what agents wrote is shown, not obeyed.
        text: slackEscape(`${data.title}\n${data.text}`),
        blocks: notificationBlocks(data),
      };
      return [{ purpose: 'post', execute: (ctx) => deliverOnce(ctx.runtime, poster, message, ctx.origin, options) }];
    }
    const decision = decisionOf(event);
    if (decision) return [{ purpose: 'show-decision', execute: (ctx) => showDecision(ctx.runtime, poster, decision, options) }];
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
