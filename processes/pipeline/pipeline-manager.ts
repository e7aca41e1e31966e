import { isLeft } from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { approvalFollowUps } from '../commands/approval-commands.js';
import { markPublished, recordPublishFailure } from '../commands/approval-commands.js';
import { projectFollowUps } from '../commands/project-commands.js';
import { followUpDecision, resolveProposal } from '../commands/proposal-commands.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import { resolveTask } from '../commands/task-commands.js';
import type { FollowUp, ProcessManager } from '../engine/process-manager.js';

const failIfLeft = (what: string, result: { _tag: string; left?: { message: string } }) => {
  if (result._tag === 'Left') throw new Error(`${what}: ${result.left!.message}`);
};

/** The publish task an event of a task stream is about, with the approval it publishes; undefined for other tasks. */
const publishTaskOf = async (runtime: SwarmRuntime, event: RecordedEvent): Promise<{ task: TaskView; approvalId: string } | undefined> => {
  const task = await resolveTask(runtime, event.stream.slice('task-'.length));
  if (isLeft(task) || task.right.type !== 'publish') return undefined;
  const approvalId = task.right.payload.approval_id;
  return typeof approvalId === 'string' ? { task: task.right, approvalId } : undefined;
};

/** The pipeline acting in the causal chain of the event it reacts to. */
const pipelineCaller = (ctx: { origin: { correlationId: string; causationId: string } }): CommandCaller => ({
  actor: { kind: 'system', id: 'pipeline' },
  correlationId: ctx.origin.correlationId,
  causationId: ctx.origin.causationId,
});

/**
 * The product pipeline's process manager (SPEC §5): after each human decision it makes sure the decision's
 * follow-ups exist (build task, publish task, fix task and mail, notices) even if the process that recorded the
 * decision died before making them; after an approved proposal, Meta's task and the agents' mail; after a publish
 * task completes, the approval is marked published (W-32); after it fails for good, the approval is marked "publish
 * failed" (issue 17), and a person's retry makes a new publish task. Every follow-up's ids derive from the causing event, so
 * running this again for the same event appends nothing.
 */
export const pipelineManager: ProcessManager = {
  name: 'pipeline',
  eventTypes: [
    'ProjectApproved',
    'ProjectRejected',
    'ProjectDeferred',
    'ApprovalGranted',
    'ApprovalRejected',
    'PublishFailed',
    'PublishRetried',
    'ProposalApproved',
    'ProposalRejected',
    'TaskCompleted',
    'TaskFailed',
  ],
  react: async (event: RecordedEvent, runtime: SwarmRuntime): Promise<readonly FollowUp[]> => {
    switch (event.type) {
      case 'ProjectApproved':
      case 'ProjectRejected':
      case 'ProjectDeferred':
        return [{ purpose: 'project-follow-ups', execute: async () => void (await projectFollowUps(runtime, event)) }];
      case 'ApprovalGranted':
      case 'ApprovalRejected':
      case 'PublishFailed':
      case 'PublishRetried':
        return [{ purpose: 'approval-follow-ups', execute: async () => void (await approvalFollowUps(runtime, event)) }];
      case 'ProposalApproved':
      case 'ProposalRejected': {
        const proposal = await resolveProposal(runtime, event.stream.slice('proposal-'.length));
        if (isLeft(proposal)) return [];
        return [{ purpose: 'proposal-follow-ups', execute: async () => failIfLeft('proposal follow-ups', await followUpDecision(runtime, event, proposal.right)) }];
      }
      case 'TaskCompleted': {
        const publish = await publishTaskOf(runtime, event);
        if (!publish) return [];
        const { task, approvalId } = publish;
        const result = (event.data as { result?: unknown }).result;
        const url = typeof result === 'object' && result !== null && typeof (result as { url?: unknown }).url === 'string' ? (result as { url: string }).url : undefined;
        return [
          {
            purpose: 'mark-published',
            execute: async (ctx) => {
              const marked = await markPublished(
                runtime,
                pipelineCaller(ctx),
                { id: approvalId, taskId: task.id, ...(url ? { url } : {}) },
                { eventIds: ctx.eventIds },
              );
              // Already published (a human marked it, or a redelivery): nothing to do.
              if (isLeft(marked) && marked.left.code !== 'conflict') throw new Error(`mark published: ${marked.left.message}`);
            },
          },
        ];
      }
      case 'TaskFailed': {
        // A publish task that failed for good (its agent failed it, or it ran out of attempts) must not leave the
        // approval looking approved and waiting: the approval shows "publish failed" with the reason.
        const publish = await publishTaskOf(runtime, event);
        if (!publish) return [];
        const { task, approvalId } = publish;
        const reason = String((event.data as { reason?: unknown }).reason ?? 'the publish task failed');
        const platform = typeof task.payload.platform === 'string' ? task.payload.platform : undefined;
        return [
          {
            purpose: 'publish-failed',
            execute: async (ctx) => {
              const recorded = await recordPublishFailure(
                runtime,
                pipelineCaller(ctx),
                { id: approvalId, reason, taskId: task.id, ...(platform ? { platform } : {}) },
                { eventIds: ctx.eventIds },
              );
              // Already failed, published or retried meanwhile: nothing to add.
              if (isLeft(recorded) && recorded.left.code !== 'conflict') throw new Error(`record publish failure: ${recorded.left.message}`);
            },
          },
        ];
      }
      default:
        return [];
    }
  },
};
