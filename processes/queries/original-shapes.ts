import type { PostView } from '../../projections/discussions/discussions-projection.js';
import type { ProposalView } from '../../projections/proposals/proposals-projection.js';
import type { TaskView } from '../../projections/tasks/task-view.js';

/**
 * Read-model views in the original's JSON shapes (inventory §1.2 columns, §5.1 routes, §7 CLI output), which agent
 * prompts and scripts parse. The CLI (`--json`, `claude-tasks`) and the HTTP API answer with these same shapes.
 */
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
