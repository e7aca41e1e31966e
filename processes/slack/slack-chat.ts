import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { slackDecider, slackThreadStream } from '../../domain/slack/index.js';
import { postDiscussion } from '../commands/discussion-commands.js';
import { handleCommand } from '../commands/handle-command.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import { createTask } from '../commands/task-commands.js';
import { operatorCaller } from './slack-caller.js';
import { chatTopic, slackActor } from './slack-outbox.js';

export interface SlackChatMessage {
  readonly operator: string;
  readonly slackUserId: string;
  readonly text: string;
  readonly channel: string;
  /** The message's own ts, and the thread it is in (a reply in a thread); the answer goes to the thread. */
  readonly ts: string;
  readonly threadTs?: string;
}

/** Mentions of the bot (`<@U…>`) are how the message reached us, not what was said. */
const withoutMentions = (text: string) => text.replace(/<@[A-Z0-9]+>/g, '').replace(/\s+/g, ' ').trim();

/**
 * A direct message or a mention (issue 19 point 5): the chat with the Liaison, as the dashboard's chat — a post in
 * `human_chat` and a `respond_to_human` task for Liaison — on a causal chain of its own, linked first to the Slack
 * thread so the answer (an agent's post on that chain) goes back there. The chain's id derives from the Slack
 * message, so Slack delivering the same event again adds nothing.
 */
export const chatFromSlack = async (runtime: SwarmRuntime, m: SlackChatMessage): Promise<Either<DomainError, { postId: string; taskId: string } | { duplicate: true }>> => {
  const said = withoutMentions(m.text);
  if (!said) return left({ code: 'invalid', message: 'say something after the mention', field: 'text' });
  const correlationId = runtime.followUpId(`slack:${m.channel}:${m.ts}`, 'chat');
  const origin = { correlationId, causationId: correlationId };
  const linked = await handleCommand(
    runtime,
    slackDecider,
    slackThreadStream(correlationId),
    { type: 'LinkSlackThread', correlationId, channel: m.channel, threadTs: m.threadTs ?? m.ts, user: m.slackUserId },
    { now: runtime.now(), actor: slackActor },
    origin,
  );
  if (isLeft(linked)) return linked;
  if (linked.right.events.length === 0) return right({ duplicate: true });
  const caller = { ...operatorCaller(m.operator), correlationId, causationId: correlationId };
  const posted = await postDiscussion(runtime, caller, { content: said, topic: chatTopic });
  if (isLeft(posted)) return posted;
  const task = await createTask(runtime, caller, {
    type: 'respond_to_human',
    priority: 10,
    assignedTo: 'liaison',
    payload: { message: said, post_id: posted.right.postId, from: m.operator, source: 'slack' },
  });
  if (isLeft(task)) return task;
  return right({ postId: posted.right.postId, taskId: task.right.taskId });
};
