import type { TaskView } from '../projections/tasks/task-view.js';

export { taskJson } from '../processes/queries/original-shapes.js';

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
