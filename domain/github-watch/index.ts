import type { Decider, DecisionContext } from '../decider.js';
import { decide, evolve, initialState, type GithubWatchCommand, type GithubWatchState } from './decide.js';
import type { GithubWatchEvent } from './events.js';

export const githubWatchDecider: Decider<GithubWatchCommand, GithubWatchEvent, GithubWatchState, DecisionContext> = { initialState, decide, evolve };

/** `github-watch-<owner~name>`: one checkpoint stream per watched repository. */
export const githubWatchStream = (repo: string): string => `github-watch-${repo.replace('/', '~')}`;

export * from './events.js';
export type { CheckRepo, GithubWatchCommand, GithubWatchState } from './decide.js';
