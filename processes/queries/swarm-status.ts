import { dayOf } from '../../domain/run/quantities.js';
import { agentsProjection } from '../../projections/agents/agents-projection.js';
import { agentTable, type AgentRow } from '../../projections/agents/queries.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { approvalCounts, projectCounts } from '../../projections/approvals/queries.js';
import { discussionsProjection } from '../../projections/discussions/discussions-projection.js';
import { countPostsSince } from '../../projections/discussions/queries.js';
import type { DocReader, Projection } from '../../projections/engine/projection.js';
import { proposalsProjection } from '../../projections/proposals/proposals-projection.js';
import { countProposals, listProposals } from '../../projections/proposals/queries.js';
import { queueStats } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';

export interface SwarmStatus {
  readonly at: string;
  readonly agents: readonly AgentRow[];
  readonly queue: ReturnType<typeof queueStats>;
  readonly openProposals: number;
  readonly topProposals: readonly { id: string; type: string; title: string; votesFor: number; votesAgainst: number }[];
  readonly discussionsLast30Min: number;
  readonly pendingProjects: number;
  readonly pendingApprovals: number;
}

/** How a status reads a read model: live and caught up, or folded as of a past point. */
export type ReadModel = (projection: Projection) => Promise<DocReader>;

/** The swarm at a glance (CLI-SW-05 and more): agents, the queue, governance, the human gates waiting. */
export const swarmStatus = async (read: ReadModel, now: string): Promise<SwarmStatus> => {
  const [agents, tokens, board, proposals, posts, gates] = await Promise.all(
    [agentsProjection, tokensProjection, taskBoard, proposalsProjection, discussionsProjection, approvalsProjection].map(read),
  );
  const since = new Date(Date.parse(now) - 30 * 60_000).toISOString();
  return {
    at: now,
    agents: agentTable(agents!, tokens!, dayOf(now)),
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
  };
};
