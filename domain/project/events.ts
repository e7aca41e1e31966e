import * as t from 'io-ts';
import { RevivedIdea } from './known-idea.js';

/** A project proposal put before the humans (gate 1, SPEC §3.6). Ratings are already clamped to 1–10. */
export const ProjectSubmitted = t.type({
  type: t.literal('ProjectSubmitted'),
  data: t.intersection([
    t.type({
    projectId: t.string,
    title: t.string,
    hunterPitch: t.string,
    hunterRating: t.number,
    marketSize: t.string,
    maxRevenueEstimate: t.string,
    criticEvaluation: t.string,
    criticRating: t.number,
    combinedRating: t.number,
    cons: t.string,
    differentiation: t.string,
    specPath: t.string,
    effortEstimate: t.string,
    submittedBy: t.string,
    }),
    // revived: a person took up an idea the swarm already had, on purpose, with the reason and the earlier project.
    t.partial({ revived: RevivedIdea }),
  ]),
});

export const ProjectApproved = t.type({
  type: t.literal('ProjectApproved'),
  data: t.intersection([t.type({ projectId: t.string, by: t.string }), t.partial({ note: t.string })]),
});

export const ProjectRejected = t.type({
  type: t.literal('ProjectRejected'),
  data: t.type({ projectId: t.string, by: t.string, reason: t.string }),
});

export const ProjectDeferred = t.type({
  type: t.literal('ProjectDeferred'),
  data: t.intersection([t.type({ projectId: t.string, by: t.string }), t.partial({ note: t.string })]),
});

export const ProjectEventCodec = t.union([ProjectSubmitted, ProjectApproved, ProjectRejected, ProjectDeferred]);
export type ProjectEvent = t.TypeOf<typeof ProjectEventCodec>;
export type ProjectSubmitted = t.TypeOf<typeof ProjectSubmitted>;
export type ProjectApproved = t.TypeOf<typeof ProjectApproved>;
export type ProjectRejected = t.TypeOf<typeof ProjectRejected>;
export type ProjectDeferred = t.TypeOf<typeof ProjectDeferred>;

export const projectEventTypes = ['ProjectSubmitted', 'ProjectApproved', 'ProjectRejected', 'ProjectDeferred'] as const;
