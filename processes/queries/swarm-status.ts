import type { SandboxMode } from '../../domain/run/index.js';
import { dayOf } from '../../domain/run/quantities.js';
import { agentsProjection } from '../../projections/agents/agents-projection.js';
import { agentTable, runsOfAgent, type AgentRow } from '../../projections/agents/queries.js';
import { runsProjection } from '../../projections/agents/runs-projection.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { approvalCounts, projectCounts } from '../../projections/approvals/queries.js';
import { discussionsProjection } from '../../projections/discussions/discussions-projection.js';
import { countPostsSince } from '../../projections/discussions/queries.js';
import type { DocReader, Projection } from '../../projections/engine/projection.js';
import { proposalsProjection } from '../../projections/proposals/proposals-projection.js';
import { countProposals, listProposals } from '../../projections/proposals/queries.js';
import { refusalSummary, type RefusalSummary } from '../../projections/refusals/queries.js';
import { refusalsProjection } from '../../projections/refusals/refusals-projection.js';
import { queueStats } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import { reachableLog, type LogHealth } from '../health/log-health.js';

export interface SwarmStatus {
  readonly at: string;
  /**
   * Whether the log answers (issue M point 5). While it does not, the figures below are the read models as this host
   * last caught them up, and `unreachableSince` says from when.
   */
  readonly log: LogHealth;
  readonly agents: readonly AgentRow[];
  readonly queue: ReturnType<typeof queueStats>;
  readonly openProposals: number;
  readonly topProposals: readonly { id: string; type: string; title: string; votesFor: number; votesAgainst: number }[];
  readonly discussionsLast30Min: number;
  readonly pendingProjects: number;
  readonly pendingApprovals: number;
  /** Commands agent runs sent without the authority for them (issue 13 point 5): total, per agent, the recent ones. */
  readonly refusals: RefusalSummary;
  /** How the latest runs were contained (issue 13 point 2): each agent's latest run that recorded its sandbox. */
  readonly sandbox: SandboxStatus;
}

export interface SandboxStatus {
  /** The sandbox of the most recent run that recorded one; absent when no run has. */
  readonly latest?: SandboxMode;
  readonly latestRunId?: string;
  readonly latestAt?: string;
  /** Agents whose latest run ran without a sandbox (mode `none`). */
  readonly unsandboxedAgents: readonly string[];
  /** Process ids of the `swarm up` running on this host that run their agents without a sandbox (now, not as of). */
  readonly unsandboxedSwarmUps?: readonly number[];
}

/** How a status reads a read model: live and caught up, or folded as of a past point. */
export type ReadModel = (projection: Projection) => Promise<DocReader>;

/** The swarm at a glance (CLI-SW-05 and more): agents, the queue, governance, the human gates waiting. */
export const swarmStatus = async (read: ReadModel, now: string, log: LogHealth = reachableLog): Promise<SwarmStatus> => {
  const [agents, tokens, board, proposals, posts, gates, runs, refusals] = await Promise.all(
    [agentsProjection, tokensProjection, taskBoard, proposalsProjection, discussionsProjection, approvalsProjection, runsProjection, refusalsProjection].map(read),
  );
  const since = new Date(Date.parse(now) - 30 * 60_000).toISOString();
  const agentRows = agentTable(agents!, tokens!, dayOf(now));
  return {
    at: now,
    log,
    agents: agentRows,
    queue: queueStats(board!),
    openProposals: countProposals(proposals!, 'open'),
    topProposals: listProposals(proposals!, { status: 'open', limit: 3 }).map((p) => ({
      id: p.proposalId,
      type: p.proposalType,
      title: p.title,
      votesFor: p.tally.for,
      votesAgainst: p.tally.against,
    })),
    discussionsLast30Min: countPostsSince(posts!, since),
    pendingProjects: projectCounts(gates!).pending,
    pendingApprovals: approvalCounts(gates!).pending,
    refusals: refusalSummary(refusals!),
    sandbox: sandboxStatus(runs!, agentRows.map((a) => a.agent)),
  };
};

/**
 * How the latest runs were contained: each agent's latest run (that recorded its sandbox; runs recorded before it
 * was kept say nothing), the most recent of them, and the agents whose latest run had none.
 */
export const sandboxStatus = (runs: DocReader, agents: readonly string[]): SandboxStatus => {
  const latest = agents.flatMap((agent) => {
    const run = runsOfAgent(runs, agent, 1)[0];
    return run?.sandbox ? [{ agent, run }] : [];
  });
  const newest = latest.reduce<(typeof latest)[number] | undefined>((a, b) => (!a || b.run.startedAt > a.run.startedAt ? b : a), undefined);
  return {
    ...(newest ? { latest: newest.run.sandbox!, latestRunId: newest.run.runId, latestAt: newest.run.startedAt } : {}),
    unsandboxedAgents: latest.filter((l) => l.run.sandbox === 'none').map((l) => l.agent),
  };
};
