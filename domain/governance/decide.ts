import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, notFound, type DomainError } from '../errors.js';
import type { GovernanceCommand } from './commands.js';
import type { GovernanceEvent } from './events.js';
import { checkSettingChange, settingChangeOf, type GovernanceSettings } from './settings.js';
import { effectiveSettings, type GovernanceState } from './state.js';

/** What the governance rule needs to know about the proposal it is asked to apply (looked up by the command service). */
export interface AuthorizingProposal {
  readonly proposalType: string;
  readonly status: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

export interface GovernanceContext extends DecisionContext {
  readonly defaults: GovernanceSettings;
  readonly proposal: AuthorizingProposal | undefined;
}

/** Settings change only through a rule_change proposal that was approved and then implemented (SPEC §3.5). */
export const decide = (cmd: GovernanceCommand, s: GovernanceState, ctx: GovernanceContext): Either<DomainError, GovernanceEvent[]> => {
  const proposal = ctx.proposal;
  if (!proposal) return left(notFound(`no proposal ${cmd.proposalId}`, { field: 'proposalId' }));
  if (proposal.proposalType !== 'rule_change') return left(conflict(`proposal ${cmd.proposalId} is a ${proposal.proposalType}, not a rule_change`));
  if (proposal.status !== 'implemented')
    return left(conflict(`proposal ${cmd.proposalId} is ${proposal.status}; settings change only when an approved rule_change is implemented`));
  if (s.appliedProposals.has(cmd.proposalId)) return right([]);
  const change = settingChangeOf(proposal.payload);
  if (!change) return right([]); // a free-form rule: nothing for the settings to record
  const problem = checkSettingChange(change.setting, change.value);
  if (problem) return left(problem);
  const setting = change.setting as keyof GovernanceSettings;
  const previous = effectiveSettings(s, ctx.defaults)[setting];
  return right([{ type: 'GovernanceSettingChanged', data: { setting, value: change.value as number, previous, proposalId: cmd.proposalId } }]);
};
