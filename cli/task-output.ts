import type { TaskView } from '../projections/tasks/task-view.js';

/** A task in the original's JSON shape (inventory §1.2 `tasks` columns), which agents' prompts parse. */
export const taskJson = (v: TaskView) => ({
  id: v.id,
  type: v.type,
  priority: v.priority,
  payload: v.payload,
  status: v.status,
  assigned_to: v.claimedBy ?? v.assignedTo ?? null,
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
});

/** One line per task for people. */
export const taskRow = (v: TaskView) => ({
  id: v.id,
  type: v.type,
  pri: v.priority,
  status: v.deadLettered ? 'failed (dead letter)' : v.status,
  agent: v.claimedBy ?? v.assignedTo ?? '',
  title: v.title ?? '',
  created: v.createdAt.slice(0, 19).replace('T', ' '),
});

/** An agent's `--result`: JSON when it parses, else text wrapped as `{"output": …}` as the original did. */
export const resultValue = (text: string | undefined): unknown => {
  if (text === undefined) return null;
  try {
    return JSON.parse(text);
  } catch {
    return { output: text };
  }
};

/** Inside an agent run the dispatcher passes the claim's generation, so a stale holder is fenced off. */
export const runGeneration = (env: NodeJS.ProcessEnv, taskId: string): number | undefined =>
  env.SWARM_TASK_ID && taskId.length >= 4 && env.SWARM_TASK_ID.startsWith(taskId) && env.SWARM_CLAIM_GENERATION
    ? Number(env.SWARM_CLAIM_GENERATION)
    : undefined;
