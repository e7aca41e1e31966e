import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { refusalUnlessHuman } from '../approval/human-only.js';
import { conflict, forbidden, notFound, type DomainError } from '../errors.js';
import { reviveRefusal, revivedRecord, type KnownIdea } from './known-idea.js';
import type { ProjectCommand, SubmitProject } from './commands.js';
import type { ProjectEvent } from './events.js';
import type { ProjectState } from './state.js';

export interface ProjectDecisionContext extends DecisionContext {
  /** A pending project with the same title, found in the read model by the command service. */
  readonly pendingDuplicateOf?: string;
  /** A taken idea (live, approved, built or published) with this title or one close to it. */
  readonly knownIdea?: KnownIdea;
}

/** Ratings outside 1–10 are clamped, not refused: agents score loosely, the queue must still sort. */
export const clampRating = (rating: number): number => Math.min(10, Math.max(1, Math.round(rating)));

const submitted = (cmd: SubmitProject, ctx: ProjectDecisionContext): ProjectEvent => {
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
      ...(cmd.reviveReason?.trim() ? { revived: revivedRecord(cmd.reviveReason, ctx.actor, ctx.knownIdea) } : {}),
    },
  };
};

/** A second project of a taken idea is refused naming the first; a person may revive it on purpose, with a reason. */
const ideaRefusal = (cmd: SubmitProject, ctx: ProjectDecisionContext): DomainError | undefined => {
  if (cmd.reviveReason !== undefined) return reviveRefusal(cmd.reviveReason, ctx.actor);
  const known = ctx.knownIdea;
  if (!known) return undefined;
  return conflict(`the idea "${cmd.title.trim()}" is already project ${known.projectId} ("${known.title}", ${known.status}); a person may revive it with --revive "reason"`, {
    field: 'title',
    details: { existingProjectId: known.projectId, existingStatus: known.status, existingTitle: known.title },
  });
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
      const refusal = ideaRefusal(cmd, ctx);
      if (refusal) return left(refusal);
      return right([submitted(cmd, ctx)]);
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
