import * as t from 'io-ts';

/** The ten role agents (SPEC §0, §3.1, §6): which task types each claims and the model it runs by default. */
export const agentRoles = {
  hunter: { taskTypes: ['scan_platform', 'research'], defaultModel: 'sonnet' },
  critic: { taskTypes: ['evaluate_idea'], defaultModel: 'opus' },
  pm: { taskTypes: ['write_spec'], defaultModel: 'sonnet' },
  builder: { taskTypes: ['build_product', 'fix_product'], defaultModel: 'opus' },
  reviewer: { taskTypes: ['code_review', 'review_product'], defaultModel: 'opus' },
  tester: { taskTypes: ['test_product'], defaultModel: 'opus' },
  publisher: { taskTypes: ['deploy', 'publish', 'market', 'write_content'], defaultModel: 'sonnet' },
  meta: { taskTypes: ['implement_proposal'], defaultModel: 'sonnet' },
  liaison: { taskTypes: ['respond_to_human', 'directive'], defaultModel: 'sonnet' },
  support: { taskTypes: ['monitor_github', 'triage_issue'], defaultModel: 'sonnet' },
} as const satisfies Record<string, { taskTypes: readonly string[]; defaultModel: 'opus' | 'sonnet' }>;

/** An agent's name is one of the ten roles; anything else is refused with the accepted names (W-15). */
export const AgentName = t.keyof(
  Object.fromEntries(Object.keys(agentRoles).map((name) => [name, null])) as Record<keyof typeof agentRoles, null>,
  'one of hunter, critic, pm, builder, reviewer, tester, publisher, meta, liaison, support',
);
export type AgentName = t.TypeOf<typeof AgentName>;

export const agentNames = Object.keys(agentRoles) as AgentName[];

/** The role that claims a task type (a `directive` is also claimable by the agent it is addressed to). */
export const roleForTaskType = (taskType: string): AgentName | undefined =>
  agentNames.find((name) => (agentRoles[name].taskTypes as readonly string[]).includes(taskType));
