import type { Octokit } from '@octokit/rest';
import { respectingRateLimit } from './github-rate-limit.js';

/** An issue as the monitor needs it (pull requests are told apart: GitHub lists them among the issues). */
export interface GithubIssue {
  readonly number: number;
  readonly title: string;
  readonly body: string | null;
  readonly labels: readonly string[];
  readonly url: string;
  readonly updatedAt: string;
  readonly isPullRequest: boolean;
}

const split = (repo: string) => {
  const [owner, name] = repo.split('/') as [string, string];
  return { owner, repo: name };
};

/** Every issue of `repo` updated at or after `since` (all when undefined), oldest update first, every page. */
export const issuesUpdatedSince = async (octokit: Octokit, repo: string, since?: string): Promise<GithubIssue[]> => {
  const listed = await respectingRateLimit(() =>
    octokit.paginate(octokit.rest.issues.listForRepo, { ...split(repo), state: 'all', sort: 'updated', direction: 'asc', per_page: 100, ...(since ? { since } : {}) }),
  );
  return listed.map((i) => ({
    number: i.number,
    title: i.title,
    body: i.body ?? null,
    labels: i.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean),
    url: i.html_url,
    updatedAt: i.updated_at,
    isPullRequest: i.pull_request !== undefined && i.pull_request !== null,
  }));
};

/** The comment on the issue whose body carries `marker`, if one was posted (looked up before posting another). */
export const commentWithMarker = async (octokit: Octokit, repo: string, number: number, marker: string): Promise<{ url: string } | undefined> => {
  const comments = await respectingRateLimit(() => octokit.paginate(octokit.rest.issues.listComments, { ...split(repo), issue_number: number, per_page: 100 }));
  const found = comments.find((c) => (c.body ?? '').includes(marker));
  return found ? { url: found.html_url } : undefined;
};

export const postComment = async (octokit: Octokit, repo: string, number: number, body: string): Promise<{ url: string }> => {
  const made = await respectingRateLimit(() => octokit.rest.issues.createComment({ ...split(repo), issue_number: number, body }));
  return { url: made.data.html_url };
};
