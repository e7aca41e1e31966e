import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import { FreeText, IdString, NameString, PathString } from '../../domain/limits/index.js';
import { invalid, notFound, type DomainError } from '../../domain/errors.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import {
  NonEmptyText,
  ProjectSubmitted,
  RejectProject,
  projectDecider,
  projectStream,
  type ProjectCommand,
  type ProjectEvent,
  type ProjectStatus,
  projectFolder,
} from '../../domain/project/index.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { matchProject, pendingProjectTitled, takenIdeaLike } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { originOf, streamCorrelation } from './command-origin.js';
import { followUpCaller, followUpEventIds, lastEventOf, outcomeOf, postNotice, type FollowUpOutcome } from './gate-follow-ups.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';
import { createTask } from './task-commands.js';

const Rating = t.refinement(t.number, (n) => Number.isFinite(n), 'a rating from 1 to 10 (values outside are clamped)');
/** Revenue estimates are what the PM wrote ("5000", "$2k/month"); a number is kept as its text. */
const RevenueEstimate = t.union([NonEmptyText, t.number], 'a revenue estimate (text or number)');

export const SubmitProjectInput = t.intersection([
  t.type({
    title: NameString,
    hunterPitch: FreeText,
    hunterRating: Rating,
    maxRevenueEstimate: RevenueEstimate,
    criticEvaluation: FreeText,
    criticRating: Rating,
    cons: FreeText,
    differentiation: FreeText,
    specPath: PathString,
    effortEstimate: NameString,
  }),
  // projectId: the id the swarm gave the idea's write_spec task (its folder and spec are named by it);
  // revive: a person's reason to take up again an idea the swarm already has.
  t.partial({ marketSize: NameString, submittedBy: IdString, projectId: IdString, revive: FreeText }),
]);
export type SubmitProjectInput = t.TypeOf<typeof SubmitProjectInput>;

export const ProjectDecisionInput = t.intersection([
  t.type({ id: NonEmptyText, decision: t.keyof({ approve: null, reject: null, defer: null }) }),
  t.partial({ note: t.string, reason: t.string }),
]);
export type ProjectDecisionInput = t.TypeOf<typeof ProjectDecisionInput>;

export interface SubmittedProject {
  readonly projectId: string;
  readonly title: string;
  readonly hunterRating: number;
  readonly criticRating: number;
  readonly combinedRating: number;
  readonly marketSize: string;
  readonly maxRevenueEstimate: string;
  readonly effortEstimate: string;
  readonly submittedBy: string;
  readonly followUps: readonly FollowUpOutcome[];
}

export interface DecidedProject {
  readonly projectId: string;
  readonly title: string;
  readonly status: ProjectStatus;
  readonly buildTaskId?: string;
  readonly followUps: readonly FollowUpOutcome[];
}

const decisionTypes = ['ProjectApproved', 'ProjectRejected', 'ProjectDeferred'];
const dollars = (estimate: string) => (/^\d/.test(estimate) ? `$${estimate}` : estimate);

const submissionOf = async (runtime: SwarmRuntime, projectId: string): Promise<ProjectSubmitted['data'] | undefined> => {
  const submitted = await lastEventOf(runtime, projectStream(projectId), ['ProjectSubmitted']);
  const event = submitted && { type: submitted.type, data: submitted.data };
  return ProjectSubmitted.is(event) ? event.data : undefined;
};

/**
 * The follow-ups of a project event: the notice in `projects` for every event, and for an approval the
 * `build_product` task (priority 8) the builder picks up. Safe to run again for the same event (ids derive from it);
 * the pipeline may call it for events whose follow-ups a crash interrupted.
 */
export const projectFollowUps = async (runtime: SwarmRuntime, cause: RecordedEvent): Promise<FollowUpOutcome[]> => {
  const event = { type: cause.type, data: cause.data } as ProjectEvent;
  const project = await submissionOf(runtime, event.data.projectId);
  if (!project) return [];
  const { title } = project;
  switch (event.type) {
    case 'ProjectSubmitted':
      return [
        await postNotice(
          runtime,
          cause,
          'projects',
          `📋 NEW PROJECT PROPOSAL: ${title} (⭐ ${project.combinedRating}/10) - ${dollars(project.maxRevenueEstimate)} potential, effort ${project.effortEstimate}. Submitted by ${project.submittedBy}; a human decides: swarm approve|reject|defer ${project.projectId}`,
        ),
      ];
    case 'ProjectApproved': {
      const taskId = runtime.followUpId(cause.id, 'build_product');
      // allowDuplicates: an approved project always gets its build task; dedup must never swallow it (W-06).
      const created = await createTask(
        runtime,
        followUpCaller(cause),
        {
          type: 'build_product',
          priority: 8,
          payload: {
            project_id: project.projectId,
            title,
            // The project's own folder, given by the swarm (never derived from the title by an agent).
            files_path: projectFolder(project.projectId),
            spec_path: project.specPath,
            effort_estimate: project.effortEstimate,
            max_revenue: project.maxRevenueEstimate,
            differentiation: project.differentiation,
          },
          gate: { kind: 'project', id: project.projectId },
          allowDuplicates: true,
        },
        { taskId, eventIds: followUpEventIds(runtime, cause, 'build_product') },
      );
      return [
        outcomeOf('build_product', created, (c) => c.taskId),
        await postNotice(runtime, cause, 'projects', `✅ PROJECT APPROVED: ${title} - Builder will start building it (task ${taskId}).${event.data.note ? ` Note: ${event.data.note}` : ''}`),
      ];
    }
    case 'ProjectRejected':
      return [await postNotice(runtime, cause, 'projects', `❌ PROJECT REJECTED: ${title} - Reason: ${event.data.reason}`)];
    case 'ProjectDeferred':
      return [await postNotice(runtime, cause, 'projects', `⏸️ PROJECT DEFERRED: ${title} - kept in the backlog.${event.data.note ? ` Note: ${event.data.note}` : ''}`)];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

/** Submits a project proposal for a human to decide (gate 1); a pending project with the same title is refused with its id. */
export const submitProject = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  options: { projectId?: string } = {},
): Promise<Either<DomainError, SubmittedProject>> => {
  const decoded = decodeWith(SubmitProjectInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const projectId = options.projectId ?? i.projectId ?? runtime.newId();
  const reader = await freshReader(runtime.log, runtime.projections, approvalsProjection);
  const pendingDuplicateOf = pendingProjectTitled(reader, i.title);
  const knownIdea = takenIdeaLike(reader, i.title);
  const command: ProjectCommand = {
    type: 'SubmitProject',
    projectId,
    title: i.title,
    hunterPitch: i.hunterPitch,
    hunterRating: i.hunterRating,
    maxRevenueEstimate: String(i.maxRevenueEstimate),
    criticEvaluation: i.criticEvaluation,
    criticRating: i.criticRating,
    cons: i.cons,
    differentiation: i.differentiation,
    specPath: i.specPath,
    effortEstimate: i.effortEstimate,
    submittedBy: i.submittedBy ?? caller.actor.id,
    ...(i.marketSize ? { marketSize: i.marketSize } : {}),
    ...(i.revive !== undefined ? { reviveReason: i.revive } : {}),
  };
  const ctx = { now: runtime.now(), actor: caller.actor, ...(pendingDuplicateOf ? { pendingDuplicateOf } : {}), ...(knownIdea ? { knownIdea } : {}) };
  const handled = await handleCommand(runtime, projectDecider, projectStream(projectId), command, ctx, originOf(runtime, caller));
  if (isLeft(handled)) return handled;
  const recorded = handled.right.events[0]!;
  const data = recorded.data as ProjectSubmitted['data'];
  const followUps = await projectFollowUps(runtime, recorded as RecordedEvent);
  return right({
    projectId,
    title: data.title,
    hunterRating: data.hunterRating,
    criticRating: data.criticRating,
    combinedRating: data.combinedRating,
    marketSize: data.marketSize,
    maxRevenueEstimate: data.maxRevenueEstimate,
    effortEstimate: data.effortEstimate,
    submittedBy: data.submittedBy,
    followUps,
  });
};

const commandFor = (i: ProjectDecisionInput): Either<DomainError, ProjectCommand> => {
  switch (i.decision) {
    case 'approve':
      return right({ type: 'ApproveProject', ...(i.note ? { note: i.note } : {}) });
    case 'defer':
      return right({ type: 'DeferProject', ...(i.note ? { note: i.note } : {}) });
    case 'reject':
      return decodeWith(RejectProject)({ type: 'RejectProject', reason: i.reason });
  }
};

/** Resolves a project by its full id or a unique prefix; an ambiguous prefix is refused with the matches (W-26). */
export const resolveProjectId = async (runtime: SwarmRuntime, idOrPrefix: string): Promise<Either<DomainError, string>> => {
  const match = matchProject(await freshReader(runtime.log, runtime.projections, approvalsProjection), idOrPrefix);
  if (match.kind === 'found') return right(match.doc.id);
  if (match.kind === 'ambiguous')
    return left(invalid(`id: "${idOrPrefix}" matches several projects (${match.ids.join(', ')}); give more of the id`, { field: 'id', details: { matches: match.ids } }));
  return left(notFound(`no project ${idOrPrefix}`, { field: 'id' }));
};

/**
 * A human approves, rejects or defers a project (SPEC §3.6). Approval creates the build task. A second decision is
 * refused, but first the follow-ups of the recorded decision are completed, so a request retried after a crash or
 * a lost answer leaves the project exactly as one decision would.
 */
export const decideProject = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, DecidedProject>> => {
  const decoded = decodeWith(ProjectDecisionInput)(input);
  if (isLeft(decoded)) return decoded;
  const command = commandFor(decoded.right);
  if (isLeft(command)) return command;
  const projectId = await resolveProjectId(runtime, decoded.right.id);
  if (isLeft(projectId)) return projectId;
  const stream = projectStream(projectId.right);
  const origin = originOf(runtime, caller, await streamCorrelation(runtime, stream));
  const handled = await handleCommand(runtime, projectDecider, stream, command.right, { now: runtime.now(), actor: caller.actor }, origin);
  if (isLeft(handled)) {
    if (handled.left.code === 'conflict') {
      const earlier = await lastEventOf(runtime, stream, decisionTypes);
      if (earlier) await projectFollowUps(runtime, earlier);
    }
    return handled;
  }
  const decision = handled.right.events[0]! as RecordedEvent;
  const followUps = await projectFollowUps(runtime, decision);
  const build = followUps.find((f) => f.purpose === 'build_product');
  const project = await submissionOf(runtime, projectId.right);
  if (build?.error)
    return left({
      ...build.error,
      message: `project ${projectId.right} is approved, but its build task could not be created (${build.error.message}); send the approval again to finish`,
    });
  const status: ProjectStatus = decision.type === 'ProjectApproved' ? 'approved' : decision.type === 'ProjectRejected' ? 'rejected' : 'deferred';
  return right({ projectId: projectId.right, title: project?.title ?? '', status, ...(build?.id ? { buildTaskId: build.id } : {}), followUps });
};
