import * as t from 'io-ts';
import { NonEmptyText, PositiveWholeNumber } from '../run/quantities.js';
import { IssueKind, RepoName } from './events.js';

export const SeeIssue = t.type({ type: t.literal('SeeIssue'), repo: RepoName, number: PositiveWholeNumber, title: t.string, url: NonEmptyText });
export const ClassifyIssue = t.intersection([t.type({ type: t.literal('ClassifyIssue'), kind: IssueKind }), t.partial({ taskId: t.string })]);
export const RecordIssueReply = t.type({ type: t.literal('RecordIssueReply'), url: NonEmptyText });

export const IssueCommandCodec = t.union([SeeIssue, ClassifyIssue, RecordIssueReply]);
export type IssueCommand = t.TypeOf<typeof IssueCommandCodec>;
