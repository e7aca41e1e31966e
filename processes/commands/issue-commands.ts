import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
import { issueDecider, IssueKind, issueStream, RepoName, type IssueCommand } from '../../domain/issue/index.js';
import { NonEmptyText, PositiveWholeNumber } from '../../domain/run/quantities.js';
import { originOf } from './command-origin.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

const IssueRef = t.type({ repo: RepoName, number: PositiveWholeNumber });
const SeeInput = t.intersection([IssueRef, t.type({ title: t.string, url: NonEmptyText })]);
const ClassifyInput = t.intersection([IssueRef, t.type({ kind: IssueKind }), t.partial({ taskId: t.string })]);
const ReplyInput = t.intersection([IssueRef, t.type({ url: NonEmptyText })]);

export interface IssueCommandResult {
  readonly repo: string;
  readonly number: number;
  readonly appended: readonly string[];
  readonly position: number;
}

const onIssue = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  ref: { repo: string; number: number },
  command: IssueCommand,
): Promise<Either<DomainError, IssueCommandResult>> => {
  const handled = await handleCommand(runtime, issueDecider, issueStream(ref.repo, ref.number), command, { now: runtime.now(), actor: caller.actor }, originOf(runtime, caller));
  if (isLeft(handled)) return handled;
  return right({ repo: ref.repo, number: ref.number, appended: handled.right.events.map((e) => e.type), position: handled.right.position });
};

/** Marks an issue seen; seeing it again appends nothing (`appended` is empty), so the monitor handles each issue once. */
export const seeIssue = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(SeeInput)(input);
  if (isLeft(decoded)) return decoded;
  return onIssue(runtime, caller, decoded.right, { type: 'SeeIssue', ...decoded.right });
};

export const classifyIssue = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(ClassifyInput)(input);
  if (isLeft(decoded)) return decoded;
  const { repo, number, ...rest } = decoded.right;
  return onIssue(runtime, caller, { repo, number }, { type: 'ClassifyIssue', ...rest });
};

/** Records a reply that was actually posted (never one that failed: W-36). */
export const recordIssueReply = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(ReplyInput)(input);
  if (isLeft(decoded)) return decoded;
  return onIssue(runtime, caller, decoded.right, { type: 'RecordIssueReply', url: decoded.right.url });
};
