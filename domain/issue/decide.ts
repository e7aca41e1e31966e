import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, notFound, type DomainError } from '../errors.js';
import type { IssueCommand } from './commands.js';
import type { IssueEvent } from './events.js';
import type { IssueState } from './state.js';

const none: readonly IssueEvent[] = [];

/** Each issue is handled once: seen once, classified once (one task), replied to once. */
export const decide = (cmd: IssueCommand, s: IssueState, _ctx: DecisionContext): Either<DomainError, readonly IssueEvent[]> => {
  switch (cmd.type) {
    case 'SeeIssue':
      if (s.seen) return right(none);
      return right([{ type: 'IssueSeen', data: { repo: cmd.repo, number: cmd.number, title: cmd.title, url: cmd.url } }]);
    case 'ClassifyIssue':
      if (!s.seen) return left(notFound('no such issue: it has not been seen'));
      if (s.kind !== undefined) {
        if (s.kind === cmd.kind && s.taskId === cmd.taskId) return right(none);
        return left(conflict(`the issue is already classified as ${s.kind}${s.taskId ? ` (task ${s.taskId})` : ''}`, { field: 'kind' }));
      }
      return right([{ type: 'IssueClassified', data: { kind: cmd.kind, ...(cmd.taskId !== undefined ? { taskId: cmd.taskId } : {}) } }]);
    case 'RecordIssueReply':
      if (!s.seen) return left(notFound('no such issue: it has not been seen'));
      if (s.replyUrl !== undefined) return right(none);
      return right([{ type: 'IssueReplied', data: { url: cmd.url } }]);
    default: {
      const unknown: never = cmd;
      return unknown;
    }
  }
};
