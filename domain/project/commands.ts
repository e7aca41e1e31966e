import * as t from 'io-ts';

/** Text a person must actually write: not empty once trimmed. */
export const NonEmptyText = t.refinement(t.string, (s) => s.trim().length > 0, 'a non-empty text');

export const SubmitProject = t.intersection([
  t.type({
    type: t.literal('SubmitProject'),
    projectId: NonEmptyText,
    title: NonEmptyText,
    hunterPitch: NonEmptyText,
    hunterRating: t.number,
    maxRevenueEstimate: NonEmptyText,
    criticEvaluation: NonEmptyText,
    criticRating: t.number,
    cons: NonEmptyText,
    differentiation: NonEmptyText,
    specPath: NonEmptyText,
    effortEstimate: NonEmptyText,
    submittedBy: NonEmptyText,
  }),
  // reviveReason: a person takes up on purpose an idea the swarm already has (recorded on the project).
  t.partial({ marketSize: NonEmptyText, reviveReason: t.string }),
]);

export const ApproveProject = t.intersection([t.type({ type: t.literal('ApproveProject') }), t.partial({ note: t.string })]);
export const RejectProject = t.type({ type: t.literal('RejectProject'), reason: NonEmptyText });
export const DeferProject = t.intersection([t.type({ type: t.literal('DeferProject') }), t.partial({ note: t.string })]);

export const ProjectCommandCodec = t.union([SubmitProject, ApproveProject, RejectProject, DeferProject]);
export type ProjectCommand = t.TypeOf<typeof ProjectCommandCodec>;
export type SubmitProject = t.TypeOf<typeof SubmitProject>;
