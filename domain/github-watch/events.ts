import * as t from 'io-ts';
import { RepoName } from '../issue/events.js';

/**
 * The monitor checked a repository: every issue updated up to `checkedUntil` (GitHub's `updated_at`) is handled,
 * so the next check asks for issues updated since then. The checkpoint lives in the log, so a restart resumes it.
 */
export const RepoChecked = t.type({
  type: t.literal('RepoChecked'),
  data: t.type({ repo: RepoName, checkedUntil: t.string, handled: t.number, skipped: t.number }),
});

export const GithubWatchEventCodec = RepoChecked;
export type GithubWatchEvent = t.TypeOf<typeof RepoChecked>;
