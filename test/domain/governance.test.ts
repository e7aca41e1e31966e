import { test } from 'uvu';
import { governanceDecider, type AuthorizingProposal, type GovernanceContext, type GovernanceEvent } from '../../domain/governance/index.js';
import { spec } from './spec.js';

const defaults = { quorum: 3, threshold: 0.6, proposalExpiryHours: 72 };
const withProposal = (proposal: AuthorizingProposal | undefined): GovernanceContext => ({
  now: '2026-01-01T00:00:00.000Z',
  actor: { kind: 'agent', id: 'meta' },
  defaults,
  proposal,
});
const ruleChange = (status: string, payload: Record<string, unknown> = { setting: 'quorum', value: 4 }): AuthorizingProposal => ({
  proposalType: 'rule_change',
  status,
  payload,
});
const apply = { type: 'ApplyRuleChange' as const, proposalId: 'p1' };
const changed: GovernanceEvent = { type: 'GovernanceSettingChanged', data: { setting: 'quorum', value: 4, previous: 3, proposalId: 'p1' } };

test('an implemented rule_change changes the setting, recording the previous value', () => {
  spec(governanceDecider).given([]).when(apply, withProposal(ruleChange('implemented'))).thenEvents([changed]);
});

test('a rule_change that is only approved changes nothing yet', () => {
  spec(governanceDecider).given([]).when(apply, withProposal(ruleChange('approved'))).thenFails('conflict');
});

test('an open rule_change cannot change a setting', () => {
  spec(governanceDecider).given([]).when(apply, withProposal(ruleChange('open'))).thenFails('conflict');
});

test('a proposal of another type cannot change a setting', () => {
  spec(governanceDecider).given([]).when(apply, withProposal({ ...ruleChange('implemented'), proposalType: 'pivot' })).thenFails('conflict');
});

test('an unknown proposal cannot change a setting', () => {
  spec(governanceDecider).given([]).when(apply, withProposal(undefined)).thenFails('not_found');
});

test('applying the same proposal twice changes nothing the second time', () => {
  spec(governanceDecider).given([changed]).when(apply, withProposal(ruleChange('implemented'))).thenEvents([]);
});

test('the previous value is the one in force after earlier changes', () => {
  spec(governanceDecider)
    .given([changed])
    .when({ type: 'ApplyRuleChange', proposalId: 'p2' }, withProposal(ruleChange('implemented', { setting: 'quorum', value: 5 })))
    .thenEvents([{ type: 'GovernanceSettingChanged', data: { setting: 'quorum', value: 5, previous: 4, proposalId: 'p2' } }]);
});

test('a free-form rule_change (no setting) records nothing', () => {
  spec(governanceDecider).given([]).when(apply, withProposal(ruleChange('implemented', { rule: 'be kind' }))).thenEvents([]);
});

test.run();
