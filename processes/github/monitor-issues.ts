import type { Octokit } from '@octokit/rest';
import { isLeft } from 'fp-ts/lib/Either.js';
import { githubWatchDecider, githubWatchStream } from '../../domain/github-watch/index.js';
import { classifyIssue } from '../../domain/issue/classify.js';
import { RepoName } from '../../domain/issue/index.js';
import { GithubRateLimited } from '../../infra/github/github-rate-limit.js';
import { issuesUpdatedSince, type GithubIssue } from '../../infra/github/github-issues.js';
import { classifyIssue as recordClassification, seeIssue } from '../commands/issue-commands.js';
import { originOf } from '../commands/command-origin.js';
import { handleCommand } from '../commands/handle-command.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import { issueState, replyOnce } from './issue-reply.js';
import { routeIssue } from './issue-routes.js';
import { failureOf } from '../../infra/publishing/service-errors.js';

/** One repository to watch, with the swarm product it belongs to. */
export interface WatchedRepo {
  readonly repo: string;
  readonly product?: string;
}

/** `SWARM_GITHUB_REPOS`: `owner/name` or `owner/name=Product name`, separated by commas. */
export const watchedRepos = (setting: string | undefined): { repos: WatchedRepo[]; bad: string[] } => {
  const repos: WatchedRepo[] = [];
  const bad: string[] = [];
  for (const entry of (setting ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [repo, product] = entry.split('=').map((s) => s.trim()) as [string, string | undefined];
    if (RepoName.is(repo)) repos.push({ repo, ...(product ? { product } : {}) });
    else bad.push(entry);
  }
  return { repos, bad };
};

export interface RepoReport {
  readonly repo: string;
  readonly listed: number;
  readonly handled: number;
  readonly alreadyHandled: number;
  readonly pullRequests: number;
  readonly skipped: readonly { readonly number: number; readonly reason: string }[];
  readonly routed: readonly { readonly number: number; readonly kind: string; readonly to: string; readonly id: string }[];
  /** Why the check stopped early (rate limit until a time, or GitHub unavailable): the checkpoint did not move past it. */
  readonly stopped?: string;
}

export interface MonitorLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

const acknowledgement = (kind: string, product: string | undefined) =>
  kind === 'bug'
    ? `Thanks for the report. We have opened a fix task for ${product ?? 'this project'} and will follow up here.`
    : `Thanks for the suggestion. It has gone to our product manager for consideration.`;

/**
 * Support's GitHub monitor: for each watched repository, the issues updated since its checkpoint (in the log), each
 * handled once — seen, classified, routed (routeIssue), and for a bug or feature acknowledged with one comment (a
 * question gets its one comment from Support). Pull requests are skipped; an issue without a body is skipped and
 * counted; a rate limit is waited out when it resets soon, else the check stops there and the checkpoint stays
 * before the first issue not handled, so nothing is lost.
 */
export const monitorIssues = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  octokit: Octokit,
  repos: readonly WatchedRepo[],
  log?: MonitorLog,
): Promise<RepoReport[]> => {
  const reports: RepoReport[] = [];
  for (const watched of repos) {
    const { repo } = watched;
    const stream = githubWatchStream(repo);
    const history = await runtime.log.readStream(stream);
    const since = isLeft(history) ? undefined : history.right.reduce((s, e) => githubWatchDecider.evolve(s, { type: e.type, data: e.data } as never), githubWatchDecider.initialState).checkedUntil;
    const r = { listed: 0, handled: 0, alreadyHandled: 0, pullRequests: 0, skipped: [] as { number: number; reason: string }[], routed: [] as RepoReport['routed'][number][] };
    let stopped: string | undefined;
    let checkedUntil: string | undefined;
    let issues: GithubIssue[] = [];
    try {
      issues = await issuesUpdatedSince(octokit, repo, since);
    } catch (e) {
      // A rejected token is named (the setting to fix), not taken for GitHub being down.
      stopped = e instanceof GithubRateLimited ? e.message : failureOf(e, 'GitHub', 'GITHUB_TOKEN').message;
    }
    r.listed = issues.length;
    for (const issue of issues) {
      try {
        if (issue.isPullRequest) r.pullRequests++;
        else if (!issue.body || !issue.body.trim()) {
          r.skipped.push({ number: issue.number, reason: 'the issue has no body' });
          log?.warn({ repo, issue: issue.number }, 'a GitHub issue was skipped: it has no body');
        } else await handleIssue(runtime, caller, octokit, watched, issue, r);
        checkedUntil = issue.updatedAt;
      } catch (e) {
        stopped = e instanceof GithubRateLimited ? e.message : `stopped at #${issue.number}: ${(e as Error).message}`;
        break;
      }
    }
    if (checkedUntil) {
      const moved = await handleCommand(runtime, githubWatchDecider, stream, { type: 'CheckRepo', repo, checkedUntil, handled: r.handled, skipped: r.skipped.length }, { now: runtime.now(), actor: caller.actor }, originOf(runtime, caller));
      if (isLeft(moved)) log?.warn({ repo, error: moved.left }, 'the GitHub checkpoint could not be recorded');
    }
    const report: RepoReport = { repo, ...r, ...(stopped ? { stopped } : {}) };
    if (stopped) log?.warn({ repo, stopped }, 'GitHub check stopped early; the next check resumes from the checkpoint');
    reports.push(report);
  }
  return reports;
};

const handleIssue = async (runtime: SwarmRuntime, caller: CommandCaller, octokit: Octokit, watched: WatchedRepo, issue: GithubIssue, r: { handled: number; alreadyHandled: number; routed: RepoReport['routed'][number][] }) => {
  const { repo } = watched;
  const before = await issueState(runtime, repo, issue.number);
  if (before.kind !== undefined && (before.replyUrl !== undefined || before.kind === 'question')) {
    r.alreadyHandled++;
    return;
  }
  const seen = await seeIssue(runtime, caller, { repo, number: issue.number, title: issue.title.slice(0, 500), url: issue.url });
  if (isLeft(seen)) throw new Error(seen.left.message);
  const kind = before.kind ?? classifyIssue({ title: issue.title, body: issue.body ?? '', labels: issue.labels });
  const routed = await routeIssue(runtime, caller, { repo, number: issue.number, title: issue.title, body: issue.body ?? '', url: issue.url, ...(watched.product ? { product: watched.product } : {}) }, kind);
  if (isLeft(routed)) throw new Error(routed.left.message);
  const classified = await recordClassification(runtime, caller, { repo, number: issue.number, kind, taskId: routed.right.id });
  if (isLeft(classified)) throw new Error(classified.left.message);
  if (kind !== 'question') {
    const replied = await replyOnce(runtime, caller, octokit, { repo, number: issue.number, body: acknowledgement(kind, watched.product) });
    if (isLeft(replied)) throw new Error(replied.left.message);
  }
  r.handled++;
  r.routed.push({ number: issue.number, kind, to: routed.right.to, id: routed.right.id });
};
