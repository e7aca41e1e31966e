import { agentNames } from '../../domain/agent/index.js';
import type { DocReader } from '../engine/projection.js';
import type { TokenUsage } from '../tokens/tokens-projection.js';
import { usageOn } from '../tokens/queries.js';
import type { AgentView } from './agents-projection.js';
import type { RunView } from './runs-projection.js';

export type AgentRow = {
  readonly agent: string;
  readonly status: string;
  readonly currentTask: string;
  readonly lastHeartbeat: string;
  readonly tokensToday: number;
};

/**
 * One row per agent for `swarm agents`: every role (offline until it has reported) and any other agent instance that
 * has reported, with its tokens on `day`.
 */
export const agentTable = (agents: DocReader, tokens: DocReader, day: string): AgentRow[] => {
  const seen = new Map(agents.all<AgentView>('agents').map((a) => [a.agent, a]));
  const names = [...new Set([...agentNames, ...seen.keys()])];
  return names.map((agent) => {
    const view = seen.get(agent);
    const usage: TokenUsage = usageOn(tokens, day, agent);
    return {
      agent,
      status: view?.status ?? 'offline',
      currentTask: view?.currentTaskId ?? '',
      lastHeartbeat: view?.lastHeartbeatAt ?? '',
      tokensToday: usage.totalTokens,
    };
  });
};

export const findRun = (runs: DocReader, runId: string): RunView | undefined => runs.get<RunView>('runs', runId);

/** An agent's most recent runs, newest first, at most `limit`. */
export const runsOfAgent = (runs: DocReader, agent: string, limit = 50): RunView[] =>
  runs
    .page<{ runId: string }>('by-agent', { prefix: `${agent}|`, limit })
    .map((r) => runs.get<RunView>('runs', r.runId))
    .filter((r): r is RunView => r !== undefined);
