import type { PostView } from '../../projections/discussions/discussions-projection.js';
import type { ProposalView } from '../../projections/proposals/proposals-projection.js';
import type { TaskView } from '../../projections/tasks/task-view.js';

/** The JSON shapes the API answers with: the read models' views under the original's field names (inventory §5.1). */

export const taskJson = (v: TaskView) => ({
  id: v.id,
  type: v.type,
  title: v.title ?? null,
  priority: v.priority,
  payload: v.payload,
  status: v.status,
  assigned_to: v.claimedBy ?? v.assignedTo ?? null,
  addressed_to: v.assignedTo ?? null,
  created_by: v.createdBy,
  created_at: v.createdAt,
  claimed_at: v.claimedAt ?? null,
  completed_at: v.finishedAt ?? null,
  result: v.result ?? null,
  error: v.error ?? null,
  attempts: v.attempts,
  claim_generation: v.generation,
  lease_until: v.leaseUntil ?? null,
  dead_lettered: v.deadLettered,
  parent_task_id: v.parentTaskId ?? null,
  correlation_id: v.correlationId,
});

export const postJson = (p: PostView) => ({
  id: p.postId,
  author: p.author,
  topic: p.topic,
  content: p.content,
  reply_to: p.replyTo ?? null,
  votes_up: p.up,
  votes_down: p.down,
  created_at: p.at,
});

export const proposalJson = (p: ProposalView) => ({
  id: p.proposalId,
  type: p.proposalType,
  title: p.title,
  description: p.description,
  payload: p.payload,
  proposed_by: p.proposedBy,
  status: p.status,
  tally: p.tally,
  votes_for: p.votes.filter((v) => v.vote === 'for').map((v) => v.voter),
  votes_against: p.votes.filter((v) => v.vote === 'against').map((v) => v.voter),
  votes: p.votes,
  created_at: p.createdAt,
  expires_at: p.expiresAt,
  decided_at: p.decidedAt ?? null,
  implemented_at: p.implementedAt ?? null,
});

/** A document without the log positions the projection keeps for itself. */
export const withoutPositions = <T extends object>(doc: T): Omit<T, 'position' | 'submittedPosition' | 'lastPosition'> => {
  const { position: _p, submittedPosition: _s, lastPosition: _l, ...rest } = doc as T & { position?: number; submittedPosition?: number; lastPosition?: number };
  return rest;
};
