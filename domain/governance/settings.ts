import { invalid, type DomainError } from '../errors.js';

/** The rules of the swarm's own governance (SPEC §3.5); defaults come from config, changes from approved rule_changes. */
export interface GovernanceSettings {
  /** Votes needed before a proposal is decided. */
  readonly quorum: number;
  /** Share of the votes (for, or against) that decides a proposal, e.g. 0.6. */
  readonly threshold: number;
  /** How long a proposal stays open for votes. */
  readonly proposalExpiryHours: number;
}

export type GovernanceSetting = keyof GovernanceSettings;
export const governanceSettingNames: readonly GovernanceSetting[] = ['quorum', 'threshold', 'proposalExpiryHours'];

const isSetting = (name: unknown): name is GovernanceSetting => governanceSettingNames.includes(name as GovernanceSetting);

/**
 * Checks a rule_change payload's `{setting, value}`; `field` is where the payload sits in the input. A threshold of
 * 0.5 or less would let one tally both approve and reject, so it must be above one half.
 */
export const checkSettingChange = (setting: unknown, value: unknown, field = 'payload'): DomainError | undefined => {
  if (!isSetting(setting))
    return invalid(`${field}.setting: expected one of ${governanceSettingNames.join(', ')}, got ${JSON.stringify(setting)}`, { field: `${field}.setting` });
  const bad = (expected: string) => invalid(`${field}.value: ${setting} must be ${expected}, got ${JSON.stringify(value)}`, { field: `${field}.value` });
  if (typeof value !== 'number' || !Number.isFinite(value)) return bad('a number');
  switch (setting) {
    case 'quorum':
      return Number.isInteger(value) && value >= 1 && value <= 100 ? undefined : bad('a whole number from 1 to 100');
    case 'threshold':
      return value > 0.5 && value <= 1 ? undefined : bad('above 0.5 and at most 1');
    case 'proposalExpiryHours':
      return value > 0 && value <= 24 * 365 ? undefined : bad('more than 0 and at most 8760 hours');
    default: {
      const unknownSetting: never = setting;
      return unknownSetting;
    }
  }
};

/** The `{setting, value}` a rule_change proposal carries, if it changes a governance setting (others are free-form rules). */
export const settingChangeOf = (payload: Readonly<Record<string, unknown>>): { setting: unknown; value: unknown } | undefined =>
  'setting' in payload ? { setting: payload.setting, value: payload.value } : undefined;
