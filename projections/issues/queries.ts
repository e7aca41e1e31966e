import type { DocReader } from '../engine/projection.js';
import type { IssueView } from './issues-projection.js';

export const findIssue = (reader: DocReader, repo: string, number: number): IssueView | undefined =>
  reader.get<IssueView>('issues', `${repo.replace('/', '~')}-${number}`);

/** Issues in the order they were seen, at most `limit`. */
export const seenIssues = (reader: DocReader, limit = 100): IssueView[] =>
  reader
    .page<{ key: string }>('by-seen', { limit })
    .map((r) => reader.get<IssueView>('issues', r.key))
    .filter((i): i is IssueView => i !== undefined);
