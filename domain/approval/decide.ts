import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../errors.js';
import type { ApprovalCommand, RequestApproval } from './commands.js';
import type { ApprovalEvent } from './events.js';
import { refusalUnlessHuman } from './human-only.js';
import type { ApprovalState } from './state.js';

/** The publish task named by a MarkPublished or RecordPublishFailure command, as the read model knows it. */
export interface PublishTaskFacts {
  readonly taskId: string;
  readonly type: string;
  readonly approvalId?: string;
  /** The agent holding the task's current claim, if it is claimed. */
  readonly holder?: string;
  /** The agent that completed it, if it is completed. */
  readonly completedBy?: string;
}

export interface ApprovalDecisionContext extends DecisionContext {
  /** A pending approval for a product of the same name, found in the read model by the command service. */
  readonly pendingDuplicateOf?: string;
  /** For MarkPublished and RecordPublishFailure: the task it names (undefined when no such task exists). */
  readonly publishTask?: PublishTaskFacts;
}

type ExistingApproval = Exclude<ApprovalState, { status: 'none' }>;

const alreadyDecided = (state: ExistingApproval) =>
  conflict(`approval ${state.approvalId} was already ${state.status}${state.decidedBy ? ` by ${state.decidedBy}` : ''}`, {
    details: { status: state.status, decidedBy: state.decidedBy },
  });

const requested = (cmd: RequestApproval): ApprovalEvent => ({
  type: 'ApprovalRequested',
  data: {
    approvalId: cmd.approvalId,
    productName: cmd.productName.trim(),
    productType: cmd.productType.trim(),
    platform: cmd.platform.trim().toLowerCase(),
    description: cmd.description,
    filesPath: cmd.filesPath.trim(),
    submittedBy: cmd.submittedBy,
    ...(cmd.price !== undefined ? { price: cmd.price } : {}),
    ...(cmd.previewUrl ? { previewUrl: cmd.previewUrl.trim() } : {}),
    ...(cmd.taskId ? { taskId: cmd.taskId } : {}),
    ...(cmd.projectId ? { projectId: cmd.projectId.trim() } : {}),
    ...(cmd.testStatus ? { testStatus: cmd.testStatus } : {}),
  },
});

/**
 * Who may record a publication: a human, the system (the pipeline reacting to the publish task's completion), or
 * the agent that holds or completed the publish task of this very approval (W-25, W-32).
 */
const publicationRefusal = (state: ExistingApproval, taskId: string, ctx: ApprovalDecisionContext): DomainError | undefined => {
  const task = ctx.publishTask;
  if (!task) return notFound(`no task ${taskId}`, { field: 'taskId' });
  if (task.type !== 'publish') return invalid(`task ${taskId} is a ${task.type} task, not a publish task`, { field: 'taskId' });
  if (task.approvalId !== state.approvalId)
    return invalid(`task ${taskId} publishes approval ${task.approvalId ?? '(none)'}, not ${state.approvalId}`, { field: 'taskId' });
  if (ctx.actor.kind !== 'agent') return undefined;
  if (task.holder === ctx.actor.id || task.completedBy === ctx.actor.id) return undefined;
  return forbidden(`agent "${ctx.actor.id}" does not hold publish task ${taskId}`, { field: 'taskId' });
};

export const decide = (cmd: ApprovalCommand, state: ApprovalState, ctx: ApprovalDecisionContext): Either<DomainError, ApprovalEvent[]> => {
  switch (cmd.type) {
    case 'RequestApproval': {
      if (state.status !== 'none') return left(conflict(`approval ${cmd.approvalId} already exists`, { field: 'approvalId' }));
      if (ctx.actor.kind === 'agent' && cmd.submittedBy !== ctx.actor.id)
        return left(forbidden(`agent "${ctx.actor.id}" cannot submit as "${cmd.submittedBy}"`, { field: 'submittedBy' }));
      // Every project its own folder (issue L): a product of one project is not submitted from another project's
      // folder (one named by a project id; a folder of older histories, named by the product, is let be).
      const folderProject = /(?:^|[\\/])projects[\\/]([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:$|[\\/])/.exec(cmd.filesPath)?.[1];
      if (cmd.projectId && folderProject && folderProject !== cmd.projectId)
        return left(invalid(`filesPath: ${cmd.filesPath} is project ${folderProject}'s folder, not project ${cmd.projectId}'s (projects/${cmd.projectId})`, { field: 'filesPath' }));
      if (ctx.pendingDuplicateOf)
        return left(
          conflict(`a pending approval for "${cmd.productName.trim()}" already exists: ${ctx.pendingDuplicateOf}`, {
            field: 'productName',
            details: { existingApprovalId: ctx.pendingDuplicateOf },
          }),
        );
      return right([requested(cmd)]);
    }
    case 'GrantApproval': {
      if (state.status === 'none') return left(notFound('no such approval'));
      const refusal = refusalUnlessHuman(ctx.actor, 'approve a product');
      if (refusal) return left(refusal);
      if (state.status !== 'pending') return left(alreadyDecided(state));
      // A failing product is approved only on purpose, with the reason written down: it is then published as it is.
      const overrides = state.testStatus === 'fail';
      if (overrides && cmd.overrideTests !== true)
        return left(
          invalid(`${state.productName} fails its tests: approving it needs an explicit override with a note (swarm approve ${state.approvalId} --override-tests --note "why")`, {
            field: 'overrideTests',
            details: { testStatus: state.testStatus },
          }),
        );
      if (overrides && !cmd.note?.trim())
        return left(invalid('an approval that overrides failing tests needs a note saying why', { field: 'note', details: { testStatus: state.testStatus } }));
      return right([
        {
          type: 'ApprovalGranted',
          data: { approvalId: state.approvalId, by: ctx.actor.id, ...(cmd.note ? { note: cmd.note } : {}), ...(overrides ? { overrideTests: true } : {}) },
        },
      ]);
    }
    case 'RejectApproval': {
      if (state.status === 'none') return left(notFound('no such approval'));
      const refusal = refusalUnlessHuman(ctx.actor, 'reject a product');
      if (refusal) return left(refusal);
      if (state.status !== 'pending') return left(alreadyDecided(state));
      return right([{ type: 'ApprovalRejected', data: { approvalId: state.approvalId, by: ctx.actor.id, reason: cmd.reason.trim() } }]);
    }
    case 'MarkPublished': {
      if (state.status === 'none') return left(notFound('no such approval'));
      if (state.status === 'published') return left(conflict(`approval ${state.approvalId} is already published`, { details: { status: state.status } }));
      // A product whose publish failed may still be reported published (a retried or late publish went out).
      if (state.status !== 'approved' && state.status !== 'publish_failed')
        return left(conflict(`approval ${state.approvalId} is ${state.status}; only an approved product can be published`, { details: { status: state.status } }));
      const refusal = publicationRefusal(state, cmd.taskId, ctx);
      if (refusal) return left(refusal);
      return right([{ type: 'ProductPublished', data: { approvalId: state.approvalId, by: ctx.actor.id, taskId: cmd.taskId, ...(cmd.url ? { url: cmd.url } : {}), ...(cmd.platform ? { platform: cmd.platform } : {}), ...(cmd.externalId ? { externalId: cmd.externalId } : {}) } }]);
    }
    case 'RecordPublishFailure': {
      if (state.status === 'none') return left(notFound('no such approval'));
      if (state.status === 'published') return left(conflict(`approval ${state.approvalId} is already published`, { details: { status: state.status } }));
      if (state.status === 'publish_failed')
        return left(conflict(`the publish of approval ${state.approvalId} has already failed; a person retries it`, { details: { status: state.status } }));
      if (state.status !== 'approved')
        return left(conflict(`approval ${state.approvalId} is ${state.status}; only an approved product is published`, { details: { status: state.status } }));
      // An agent reports only the failure of a publish task it holds or did; the system and people report any.
      if (ctx.actor.kind === 'agent' && !cmd.taskId)
        return left(forbidden(`agent "${ctx.actor.id}" must name the publish task it holds`, { field: 'taskId' }));
      const refusal = cmd.taskId ? publicationRefusal(state, cmd.taskId, ctx) : undefined;
      if (refusal) return left(refusal);
      return right([
        {
          type: 'PublishFailed',
          data: {
            approvalId: state.approvalId,
            reason: cmd.reason.trim(),
            by: ctx.actor.id,
            ...(cmd.platform ? { platform: cmd.platform.trim().toLowerCase() } : {}),
            ...(cmd.taskId ? { taskId: cmd.taskId } : {}),
          },
        },
      ]);
    }
    case 'RetryPublish': {
      if (state.status === 'none') return left(notFound('no such approval'));
      const refusal = refusalUnlessHuman(ctx.actor, 'retry a publish');
      if (refusal) return left(refusal);
      if (state.status !== 'publish_failed')
        return left(conflict(`approval ${state.approvalId} is ${state.status}; only a publish that failed can be retried`, { details: { status: state.status } }));
      return right([{ type: 'PublishRetried', data: { approvalId: state.approvalId, by: ctx.actor.id, ...(cmd.note?.trim() ? { note: cmd.note.trim() } : {}) } }]);
    }
    default: {
      const unknown: never = cmd;
      return unknown;
    }
  }
};
