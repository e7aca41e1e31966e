import type { IssueKind } from '../../domain/issue/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { DocWriter, Projection } from '../engine/projection.js';

export interface IssueView {
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly url: string;
  readonly seenAt: string;
  readonly kind?: IssueKind;
  readonly taskId?: string;
  readonly replyUrl?: string;
  readonly lastPosition: number;
}

/** The issue's stream id (`owner~name-<number>`), used as its document key. */
const keyOf = (stream: string) => stream.slice('issue-'.length);

/** Processed GitHub issues (SPEC §3.10): seen, classified (with the task made), replied to. */
export const issuesProjection: Projection = {
  name: 'issues',
  version: 1,
  eventTypes: ['IssueSeen', 'IssueClassified', 'IssueReplied'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    const key = keyOf(e.stream);
    const prev = docs.get<IssueView>('issues', key);
    if (prev && prev.lastPosition >= e.position) return;
    if (e.type === 'IssueSeen') {
      const d = e.data as { repo: string; number: number; title: string; url: string };
      docs.put('issues', key, { ...d, seenAt: e.metadata.at, lastPosition: e.position } satisfies IssueView);
      docs.put('by-seen', String(e.position).padStart(15, '0'), { key });
      return;
    }
    if (!prev) return;
    const d = e.data as { kind?: IssueKind; taskId?: string; url?: string };
    if (e.type === 'IssueClassified')
      docs.put('issues', key, { ...prev, kind: d.kind, ...(d.taskId !== undefined ? { taskId: d.taskId } : {}), lastPosition: e.position });
    else if (e.type === 'IssueReplied') docs.put('issues', key, { ...prev, replyUrl: d.url, lastPosition: e.position });
  },
};
