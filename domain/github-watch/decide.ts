import { right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import type { DomainError } from '../errors.js';
import type { GithubWatchEvent } from './events.js';

export interface CheckRepo {
  readonly type: 'CheckRepo';
  readonly repo: string;
  readonly checkedUntil: string;
  readonly handled: number;
  readonly skipped: number;
}
export type GithubWatchCommand = CheckRepo;

export interface GithubWatchState {
  readonly checkedUntil?: string;
}

export const initialState: GithubWatchState = {};

export const evolve = (_s: GithubWatchState, e: GithubWatchEvent): GithubWatchState => ({ checkedUntil: e.data.checkedUntil });

/** The checkpoint only moves forward: a check that saw nothing newer (or a late one) appends nothing. */
export const decide = (cmd: GithubWatchCommand, s: GithubWatchState, _ctx: DecisionContext): Either<DomainError, readonly GithubWatchEvent[]> => {
  if (s.checkedUntil !== undefined && Date.parse(cmd.checkedUntil) <= Date.parse(s.checkedUntil)) return right([]);
  return right([{ type: 'RepoChecked', data: { repo: cmd.repo, checkedUntil: cmd.checkedUntil, handled: cmd.handled, skipped: cmd.skipped } }]);
};
