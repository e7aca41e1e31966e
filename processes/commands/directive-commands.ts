import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { postDiscussion } from './discussion-commands.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';
import { createTask } from './task-commands.js';

/** A person's directive to an agent (the dashboard's form, `swarm tell`, Slack's `/swarm tell`). */
export interface Directive {
  readonly message: string;
  /** The agent it is for; the Liaison by default (which claims `directive` tasks). */
  readonly to?: string;
  /** 1–10; 10 by default. */
  readonly priority?: number;
  /** Who gave it: the operator. */
  readonly from: string;
  /** Where it was given, when not the dashboard or the CLI (shown in the post and kept in the task). */
  readonly source?: 'slack';
}

export interface DirectiveGiven {
  readonly taskId: string;
  readonly to: string;
  readonly priority: number;
  /** The post in the `directive` topic; null when it could not be made (the task, which carries the work, was). */
  readonly postId: string | null;
  readonly warning?: string;
}

/**
 * A directive as the original's `tell` gave it, minus its orphaned task type: a `directive` task addressed to the
 * agent (urgent from priority 9) and a post in the `directive` topic, both in one correlation. A refused task refuses
 * the directive (an unknown agent names the field `to`).
 */
export const giveDirective = async (runtime: SwarmRuntime, caller: CommandCaller, d: Directive): Promise<Either<DomainError, DirectiveGiven>> => {
  const to = d.to ?? 'liaison';
  const priority = d.priority ?? 10;
  const chained = { ...caller, correlationId: caller.correlationId ?? runtime.newId() };
  const task = await createTask(runtime, chained, {
    type: 'directive',
    priority,
    assignedTo: to,
    payload: { instruction: d.message, from: d.from, urgent: priority >= 9, ...(d.source ? { source: d.source } : {}) },
  });
  if (isLeft(task)) return left(task.left.field === 'assignedTo' ? { ...task.left, field: 'to', message: task.left.message.replace(/^assignedTo:/, 'to:') } : task.left);
  const where = d.source === 'slack' ? ', from Slack' : '';
  const posted = await postDiscussion(runtime, chained, { content: `🎯 HUMAN DIRECTIVE for ${to} (priority ${priority}${where}): ${d.message}`, topic: 'directive' });
  return right({
    taskId: task.right.taskId,
    to,
    priority,
    postId: isLeft(posted) ? null : posted.right.postId,
    ...(isLeft(posted) ? { warning: `the directive topic post failed: ${posted.left.message}` } : {}),
  });
};
