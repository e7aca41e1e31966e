import * as t from 'io-ts';

export const GovernanceSettingName = t.keyof({ quorum: null, threshold: null, proposalExpiryHours: null });

/** A governance setting changed because an approved rule_change proposal was implemented. */
export const GovernanceSettingChanged = t.type({
  type: t.literal('GovernanceSettingChanged'),
  data: t.type({ setting: GovernanceSettingName, value: t.number, previous: t.number, proposalId: t.string }),
});

export const GovernanceEventCodec = GovernanceSettingChanged;
export type GovernanceEvent = t.TypeOf<typeof GovernanceEventCodec>;
export const governanceEventTypes = ['GovernanceSettingChanged'] as const;
