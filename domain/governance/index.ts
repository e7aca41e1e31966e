import type { Decider } from '../decider.js';
import type { GovernanceCommand } from './commands.js';
import { decide, type GovernanceContext } from './decide.js';
import type { GovernanceEvent } from './events.js';
import { evolve, initialState, type GovernanceState } from './state.js';

export const governanceDecider: Decider<GovernanceCommand, GovernanceEvent, GovernanceState, GovernanceContext> = {
  initialState,
  decide,
  evolve,
};

/** The swarm's governance settings are one stream: every change is an event on it. */
export const governanceStream = 'governance-settings';

export * from './commands.js';
export * from './events.js';
export * from './settings.js';
export { effectiveSettings } from './state.js';
export type { AuthorizingProposal, GovernanceContext } from './decide.js';
export type { GovernanceState } from './state.js';
