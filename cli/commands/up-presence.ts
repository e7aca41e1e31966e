import { eventLoopTurns } from '../../processes/engine/event-loop-turns.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Logger } from '../../infra/logging/logger.js';
import { agentsProjection, type AgentView } from '../../projections/agents/agents-projection.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { changeAgentStatus, recordHeartbeat } from '../../processes/commands/agent-commands.js';
import type { CommandCaller, SwarmRuntime } from '../../processes/commands/runtime.js';

/** Who records that a `swarm up` serves (or stopped serving) its agents. */
const upCaller: CommandCaller = { actor: { kind: 'system', id: 'swarm-up' } };

/**
 * How often a `swarm up` says its agents are still served (an AgentHeartbeat per agent). An agent whose last beat
 * is much older than this has no `swarm up` serving it any more (its instance was killed without a clean stop).
 */
export const presenceBeatMs = 5 * 60_000;

/** A served agent's last beat is at most this old; one older was served by a `swarm up` that is gone (killed). */
export const presenceStaleMs = 3 * presenceBeatMs;

/** Statuses a start leaves alone: a person paused the agent or its budget ran out, and only a person lifts that. */
const keptAtStart = new Set(['paused', 'budget_exceeded']);

/**
 * Agents that look served (idle, working …) but whose last heartbeat (or last status change, without one) is older
 * than presenceStaleMs: the `swarm up` serving them was killed without a clean stop. Each is recorded `offline`,
 * with the reason; the ones this instance serves are left to it.
 */
export const markAbandonedAgents = async (runtime: SwarmRuntime, served: readonly string[], log: Logger): Promise<string[]> => {
  const views = await freshReader(runtime.log, runtime.projections, agentsProjection);
  const now = Date.parse(runtime.now());
  const gone: string[] = [];
  for (const view of views.all<AgentView>('agents')) {
    if (served.includes(view.agent) || view.status === 'offline' || view.paused || keptAtStart.has(view.status)) continue;
    const last = view.lastHeartbeatAt ?? view.since;
    if (last === undefined || now - Date.parse(last) <= presenceStaleMs) continue;
    const changed = await changeAgentStatus(runtime, upCaller, {
      agent: view.agent,
      status: 'offline',
      reason: `no heartbeat since ${last}: the swarm up that served it is gone`,
    });
    if (isLeft(changed)) log.warn({ agent: view.agent, error: changed.left }, 'could not record the agent as offline');
    else gone.push(view.agent);
  }
  if (gone.length) log.info({ agents: gone }, 'agents without a heartbeat recorded offline');
  return gone;
};

export interface Presence {
  /** At a clean stop: each served agent is `offline` (no `swarm up` serves it now). */
  withdraw(): Promise<void>;
}

/**
 * Records that this `swarm up` serves `agents` (issue K point 2): each is `idle` (ready, no task) from the start,
 * not `offline` until its first run; a heartbeat every few minutes keeps saying so; a clean stop makes them
 * `offline`. Runs change the status as before (`working`, then `idle`). At start and with every beat it also
 * records `offline` the agents another, killed, instance served (see markAbandonedAgents).
 */
export const announcePresence = async (runtime: SwarmRuntime, agents: readonly string[], log: Logger): Promise<Presence> => {
  const views = await freshReader(runtime.log, runtime.projections, agentsProjection);
  // Two commands an agent, ten agents: about 0.2 s of work between event-loop turns, while the dashboard already serves.
  const turn = eventLoopTurns();
  for (const agent of agents) {
    const view = views.get<AgentView>('agents', agent);
    if (view && (view.paused || keptAtStart.has(view.status))) continue;
    const changed = await changeAgentStatus(runtime, upCaller, { agent, status: 'idle', reason: 'served by swarm up' });
    if (isLeft(changed)) log.warn({ agent, error: changed.left }, 'could not record the agent as idle');
    await recordHeartbeat(runtime, upCaller, { agent });
    await turn();
  }
  await markAbandonedAgents(runtime, agents, log);
  const beat = setInterval(() => {
    for (const agent of agents) void recordHeartbeat(runtime, upCaller, { agent }).catch((e: unknown) => log.warn({ agent, err: e }, 'heartbeat not recorded'));
    void markAbandonedAgents(runtime, agents, log).catch((e: unknown) => log.warn({ err: e }, 'abandoned agents not checked'));
  }, presenceBeatMs);
  beat.unref();
  return {
    withdraw: async () => {
      clearInterval(beat);
      const now = await freshReader(runtime.log, runtime.projections, agentsProjection);
      for (const agent of agents) {
        const view = now.get<AgentView>('agents', agent);
        if (view && (view.paused || keptAtStart.has(view.status) || view.status === 'offline')) continue;
        const changed = await changeAgentStatus(runtime, upCaller, { agent, status: 'offline', reason: 'swarm up stopped' });
        if (isLeft(changed)) log.warn({ agent, error: changed.left }, 'could not record the agent as offline');
      }
    },
  };
};
