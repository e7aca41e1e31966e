import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { refusalUnlessHuman } from '../approval/human-only.js';
import { conflict, forbidden, notFound, type DomainError } from '../errors.js';
import type { ProjectCommand, SubmitProject } from './commands.js';
import type { ProjectEvent } from './events.js';
import type { ProjectState } from './state.js';

export interface ProjectDecisionContext extends DecisionContext {
  /** A pending project with the same title, found in the read model by the command service. */
  readonly pendingDuplicateOf?: string;
}

/** Ratings outside 1–10 are clamped, not refused: agents score loosely, the queue must still sort. */
export const clampRating = (rating: number): number => Math.min(10, Math.max(1, Math.round(rating)));

const submitted = (cmd: SubmitProject): ProjectEvent => {
  const hunterRating = clampRating(cmd.hunterRating);
  const criticRating = clampRating(cmd.criticRating);
  return {
    type: 'ProjectSubmitted',
    data: {
      projectId: cmd.projectId,
      title: cmd.title.trim(),
      hunterPitch: cmd.hunterPitch,
      hunterRating,
      marketSize: cmd.marketSize?.trim() || 'Medium',
      maxRevenueEstimate: cmd.maxRevenueEstimate.trim(),
      criticEvaluation: cmd.criticEvaluation,
      criticRating,
      combinedRating: (hunterRating + criticRating) / 2,
      cons: cmd.cons,
      differentiation: cmd.differentiation,
      specPath: cmd.specPath.trim(),
      effortEstimate: cmd.effortEstimate.trim(),
      submittedBy: cmd.submittedBy,
    },
  };
};

type ExistingProject = Exclude<ProjectState, { status: 'none' }>;

/** Each project is decided once; a second decision is refused (HTTP 409), saying who decided first. */
const alreadyDecided = (state: ExistingProject) =>
  conflict(`project ${state.projectId} was already ${state.status}${state.decidedBy ? ` by ${state.decidedBy}` : ''}`, {
    details: { status: state.status, decidedBy: state.decidedBy },
  });

export const decide = (cmd: ProjectCommand, state: ProjectState, ctx: ProjectDecisionContext): Either<DomainError, ProjectEvent[]> => {
  switch (cmd.type) {
    case 'SubmitProject': {
      if (state.status !== 'none') return left(conflict(`project ${cmd.projectId} already exists`, { field: 'projectId' }));
      if (ctx.actor.kind === 'agent' && cmd.submittedBy !== ctx.actor.id)
        return left(forbidden(`agent "${ctx.actor.id}" cannot submit as "${cmd.submittedBy}"`, { field: 'submittedBy' }));
      if (ctx.pendingDuplicateOf)
        return left(
          conflict(`a pending project with the title "${cmd.title.trim()}" already exists: ${ctx.pendingDuplicateOf}`, {
            field: 'title',
            details: { existingProjectId: ctx.pendingDuplicateOf },
          }),
        );
      return right([submitted(cmd)]);
    }
    case 'ApproveProject': {
      if (state.status === 'none') return left(notFound('no such project'));
      const refusal = refusalUnlessHuman(ctx.actor, 'approve a project');
      if (refusal) return left(refusal);
      // A deferred project is back-logged, not closed: it can still be approved (W-31).
      if (state.status !== 'pending' && state.status !== 'deferred') return left(alreadyDecided(state));
      return right([{ type: 'ProjectApproved', data: { projectId: state.projectId, by: ctx.actor.id, ...(cmd.note ? { note: cmd.note } : {}) } }]);
    }
    case 'RejectProject': {
      if (state.status === 'none') return left(notFound('no such project'));
      const refusal = refusalUnlessHuman(ctx.actor, 'reject a project');
      if (refusal) return left(refusal);
      if (state.status !== 'pending' && state.status !== 'deferred') return left(alreadyDecided(state));
      return right([{ type: 'ProjectRejected', data: { projectId: state.projectId, by: ctx.actor.id, reason: cmd.reason.trim() } }]);
    }
    case 'DeferProject': {
      if (state.status === 'none') return left(notFound('no such project'));
      const refusal = refusalUnlessHuman(ctx.actor, 'defer a project');
      if (refusal) return left(refusal);
      if (state.status !== 'pending') return left(alreadyDecided(state));
      return right([{ type: 'ProjectDeferred', data: { projectId: state.projectId, by: ctx.actor.id, ...(cmd.note ? { note: cmd.note } : {}) } }]);
    }
    default: {
      const unknown: never = cmd;
      return unknown;
    }
  }
};
