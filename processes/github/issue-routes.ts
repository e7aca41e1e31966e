import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { IssueKind } from '../../domain/issue/index.js';
import { sendMail } from '../commands/mail-commands.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import { createTask } from '../commands/task-commands.js';

export interface IssueToRoute {
  readonly repo: string;
  readonly number: number;
  readonly title: string;
  readonly body: string;
  readonly url: string;
  /** The swarm product the repository belongs to (SWARM_GITHUB_REPOS `owner/name=Product`), when configured. */
  readonly product?: string;
}

/** Where an issue went: a task's or a mail's id. */
export interface Routed {
  readonly kind: IssueKind;
  readonly to: 'builder' | 'pm' | 'support';
  readonly id: string;
}

const maxBody = 8_000;

/**
 * A bug → a `fix_product` task for the Builder with the product; a feature → a mail to the PM; a question → a
 * `triage_issue` task for Support, who answers it with one comment. The issue's text travels as data in the
 * payload (never as a command line). Ids derive from the issue, so routing it again makes nothing new.
 */
export const routeIssue = async (runtime: SwarmRuntime, caller: CommandCaller, issue: IssueToRoute, kind: IssueKind): Promise<Either<DomainError, Routed>> => {
  const key = `github-issue:${issue.repo}#${issue.number}`;
  const id = runtime.followUpId(runtime.followUpId(key, 'issue'), `route:${kind}`);
  const text = { repo: issue.repo, issue_number: issue.number, issue_url: issue.url, issue_title: issue.title, issue_body: issue.body.slice(0, maxBody) };
  const exists = (r: Either<DomainError, unknown>) => isLeft(r) && r.left.code === 'conflict' && /already (exists|sent)/.test(r.left.message);
  if (kind === 'feature') {
    const mailed = await sendMail(runtime, caller, { to: 'pm', type: 'feature_request', payload: { ...text, ...(issue.product ? { product: issue.product } : {}) } }, { messageId: id });
    if (isLeft(mailed) && !exists(mailed)) return mailed;
    return right({ kind, to: 'pm', id });
  }
  const task =
    kind === 'bug'
      ? { type: 'fix_product', priority: 8, assignedTo: 'builder', payload: { title: `Fix ${issue.repo}#${issue.number}: ${issue.title.slice(0, 120)}`, product: issue.product ?? issue.repo, reason: `GitHub issue ${issue.url}`, ...text } }
      : { type: 'triage_issue', priority: 6, assignedTo: 'support', payload: { title: `Answer ${issue.repo}#${issue.number}: ${issue.title.slice(0, 120)}`, kind, ...text } };
  const created = await createTask(runtime, caller, { ...task, allowDuplicates: true }, { taskId: id });
  if (isLeft(created) && !exists(created)) return created;
  return right({ kind, to: kind === 'bug' ? 'builder' : 'support', id });
};
