import type { GovernanceEvent } from './events.js';
import type { GovernanceSettings } from './settings.js';

export interface GovernanceState {
  /** Settings changed by rule_changes; the rest stay at their configured defaults. */
  readonly overrides: Partial<GovernanceSettings>;
  /** Proposals already applied, so applying one twice changes nothing. */
  readonly appliedProposals: ReadonlySet<string>;
}

export const initialState: GovernanceState = { overrides: {}, appliedProposals: new Set() };

export const evolve = (state: GovernanceState, event: GovernanceEvent): GovernanceState => ({
  overrides: { ...state.overrides, [event.data.setting]: event.data.value },
  appliedProposals: new Set(state.appliedProposals).add(event.data.proposalId),
});

/** The settings in force: the configured defaults with the rule_changes applied. */
export const effectiveSettings = (state: GovernanceState, defaults: GovernanceSettings): GovernanceSettings => ({ ...defaults, ...state.overrides });
