import * as t from 'io-ts';

/** Why the agent endpoint refused a command: the rule of authority it broke (SPEC §6 "Containment"). */
export const RefusalReason = t.keyof(
  { human_only: null, not_for_agents: null, acting_for_another_agent: null, run_ended: null, unknown_token: null },
  'one of human_only, not_for_agents, acting_for_another_agent, run_ended, unknown_token',
);
export type RefusalReason = t.TypeOf<typeof RefusalReason>;

/**
 * A command sent from inside an agent run that the swarm refused for lack of authority: a human-only command, acting
 * for another agent, a token whose run has ended or that the swarm never issued. `agent` and `runId` are those of
 * the token when the swarm knows it; for an unknown token, the agent the caller claimed to be (untrusted, kept as
 * evidence) or "unknown".
 */
export const AgentCommandRefused = t.type({
  type: t.literal('AgentCommandRefused'),
  data: t.intersection([
    t.type({ refusalId: t.string, agent: t.string, command: t.string, reason: RefusalReason, message: t.string, at: t.string }),
    t.partial({ runId: t.string, taskId: t.string }),
  ]),
});

export const RefusalEventCodec = AgentCommandRefused;
export type RefusalEvent = t.TypeOf<typeof AgentCommandRefused>;
export const refusalEventTypes = ['AgentCommandRefused'] as const;
