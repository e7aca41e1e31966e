import type { Octokit } from '@octokit/rest';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import { conflict, notFound, type DomainError } from '../../domain/errors.js';
import { issueDecider, issueStream } from '../../domain/issue/index.js';
import { commentWithMarker, postComment } from '../../infra/github/github-issues.js';
import { recordIssueReply } from '../commands/issue-commands.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';

/** Hidden in every reply the swarm posts: how a retry finds a reply posted just before a crash. */
export const replyMarker = '<!-- swarmlog:reply -->';

const issueState = async (runtime: SwarmRuntime, repo: string, number: number) => {
  const history = await runtime.log.readStream(issueStream(repo, number));
  if (isLeft(history)) return issueDecider.initialState;
  return history.right.reduce((s, e) => issueDecider.evolve(s, { type: e.type, data: e.data } as never), issueDecider.initialState);
};

export interface IssueReply {
  readonly url: string;
  /** True when the issue already had its reply (recorded, or found on GitHub by its marker): nothing was posted. */
  readonly already: boolean;
}

/**
 * The one comment the swarm gives an issue: recorded replies are not posted again; otherwise GitHub is looked up
 * for a comment carrying the marker (posted before a crash, not yet recorded), and only when there is none is the
 * comment posted; then IssueReplied records it. A failed post records nothing.
 */
export const replyOnce = async (runtime: SwarmRuntime, caller: CommandCaller, octokit: Octokit, o: { repo: string; number: number; body: string }): Promise<Either<DomainError, IssueReply>> => {
  const state = await issueState(runtime, o.repo, o.number);
  if (!state.seen) return left(notFound(`issue ${o.repo}#${o.number} has not been seen by the monitor`, { field: 'issue' }));
  if (state.replyUrl) return right({ url: state.replyUrl, already: true });
  const earlier = await commentWithMarker(octokit, o.repo, o.number, replyMarker);
  const posted = earlier ?? (await postComment(octokit, o.repo, o.number, `${o.body.trim()}\n\n${replyMarker}`));
  const recorded = await recordIssueReply(runtime, caller, { repo: o.repo, number: o.number, url: posted.url });
  if (isLeft(recorded)) return left(conflict(`the reply was posted (${posted.url}) but could not be recorded: ${recorded.left.message}`));
  return right({ url: posted.url, already: earlier !== undefined });
};

export { issueState };
