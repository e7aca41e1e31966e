import * as t from 'io-ts';

/** Apply the setting change of an implemented rule_change proposal. */
export const ApplyRuleChange = t.type({ type: t.literal('ApplyRuleChange'), proposalId: t.string });

export const GovernanceCommandCodec = ApplyRuleChange;
export type GovernanceCommand = t.TypeOf<typeof GovernanceCommandCodec>;
