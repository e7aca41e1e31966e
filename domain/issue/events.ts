import * as t from 'io-ts';
import { NonEmptyText, PositiveWholeNumber } from '../run/quantities.js';

/** A GitHub repository `owner/name`. */
export const RepoName = t.refinement(t.string, (s) => /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(s), 'a repository owner/name');
export const IssueKind = t.keyof({ bug: null, feature: null, question: null }, 'one of bug, feature, question');
export type IssueKind = t.TypeOf<typeof IssueKind>;

export const IssueSeen = t.type({
  type: t.literal('IssueSeen'),
  data: t.type({ repo: RepoName, number: PositiveWholeNumber, title: t.string, url: NonEmptyText }),
});
export const IssueClassified = t.type({
  type: t.literal('IssueClassified'),
  data: t.intersection([t.type({ kind: IssueKind }), t.partial({ taskId: t.string })]),
});
/** A reply was posted (its comment's url); an issue whose reply failed has no such event (W-36). */
export const IssueReplied = t.type({ type: t.literal('IssueReplied'), data: t.type({ url: NonEmptyText }) });

export const IssueEventCodec = t.union([IssueSeen, IssueClassified, IssueReplied]);
export type IssueEvent = t.TypeOf<typeof IssueEventCodec>;
