import { isLeft, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { agentNames } from '../../../domain/agent/roles.js';
import { knownTaskTypes } from '../../../domain/task/task-rules.js';
import { createTask } from '../../../processes/commands/task-commands.js';
import { listTasks, queueStats } from '../../../projections/tasks/queries.js';
import { taskBoard } from '../../../projections/tasks/task-board.js';
import { agentOf, boardStatuses, type TaskView } from '../../../projections/tasks/task-view.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';
import { FreeText, IdString, JsonRecord, NameString } from '../../../domain/limits/index.js';
import { OneOf, WholeNumberText } from '../query-values.js';
import { taskJson } from '../views.js';


const TasksQuery = t.partial({ status: OneOf(boardStatuses), type: NameString, agent: IdString, limit: WholeNumberText(1, 1000) });
const AgentTasksQuery = t.partial({ agent: IdString, status: OneOf([...boardStatuses, 'closed', 'all']), limit: WholeNumberText(1, 1000) });

const Priority = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'a whole number from 1 to 10');
const CreateTaskBody = t.intersection([
  t.type({ type: NameString }),
  t.partial({ priority: Priority, payload: JsonRecord, to: IdString, parent_task_id: IdString, allow_duplicates: t.boolean, revive: FreeText }),
]);

/** Renames the service's field names to the body's, so a refusal names what the client sent. */
const bodyField: Readonly<Record<string, string>> = { assignedTo: 'to', parentTaskId: 'parent_task_id', allowDuplicates: 'allow_duplicates', revive: 'revive' };

const byRecency = (a: TaskView, b: TaskView) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? '') || b.createdAt.localeCompare(a.createdAt);

/** The task board (DASH-17/18/19): lists with queue stats, tasks grouped by agent, and creating a task. */
export const taskRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read('/api/tasks', { tag: 'tasks', summary: 'Tasks in queue order (priority, then age), with queue stats', query: TasksQuery }, async ({ query }) => {
    const board = await ctx.read(taskBoard);
    const tasks = listTasks(board, { ...query, limit: query.limit ?? 50 });
    const stats = queueStats(board);
    // The original's `stats` was {status: count} (DASH-17); its queue totals (ORCH-14) are kept beside.
    return right({ tasks: tasks.map(taskJson), stats: { ...stats.by_status, ...stats } });
  });

  api.read(
    '/api/agent-tasks',
    {
      tag: 'tasks',
      summary: 'Tasks grouped by agent (holder, else addressee), with per-agent counts',
      description: 'status `closed` = completed, failed or cancelled; `all` (default) = every status.',
      query: AgentTasksQuery,
    },
    async ({ query }) => {
      const board = await ctx.read(taskBoard);
      const limit = query.limit ?? 100;
      const wanted = query.status === undefined || query.status === 'all' ? [undefined] : query.status === 'closed' ? (['completed', 'failed', 'cancelled'] as const) : [query.status];
      const agents = query.agent !== undefined ? [query.agent] : [undefined];
      const tasks = agents
        .flatMap((agent) => wanted.flatMap((status) => listTasks(board, { ...(agent ? { agent } : {}), ...(status ? { status } : {}), limit })))
        .sort(byRecency)
        .slice(0, limit);
      const grouped: Record<string, ReturnType<typeof taskJson>[]> = {};
      const summary: Record<string, Record<string, number>> = {};
      for (const task of tasks) {
        const agent = agentOf(task) ?? 'unassigned';
        (grouped[agent] ??= []).push(taskJson(task));
        const counts = (summary[agent] ??= { total: 0, pending: 0, claimed: 0, completed: 0, failed: 0, cancelled: 0 });
        counts.total! += 1;
        counts[task.status] = (counts[task.status] ?? 0) + 1;
      }
      return right({ agents: grouped, summary, known_agents: agentNames, known_task_types: knownTaskTypes });
    },
  );

  api.mutate(
    '/api/tasks',
    {
      tag: 'tasks',
      summary: 'Create a task (addressed to an agent with `to`)',
      description:
        'Priority 1–10 (default 5). A pending or claimed task of the same type and title is a duplicate: 409 with details.existingTaskId unless allow_duplicates. An evaluate_idea or write_spec task for an idea the swarm already took up is refused (409 with details.existingProjectId) unless an operator revives it on purpose: `revive` with the reason, recorded on the task.',
      body: CreateTaskBody,
    },
    async ({ body, caller }) => {
      const created = await createTask(ctx.runtime, caller, {
        type: body.type,
        ...(body.priority !== undefined ? { priority: body.priority } : {}),
        ...(body.payload !== undefined ? { payload: body.payload } : {}),
        ...(body.to !== undefined ? { assignedTo: body.to } : {}),
        ...(body.parent_task_id !== undefined ? { parentTaskId: body.parent_task_id } : {}),
        ...(body.allow_duplicates ? { allowDuplicates: true } : {}),
        ...(body.revive !== undefined ? { revive: body.revive } : {}),
      });
      if (isLeft(created)) {
        const field = created.left.field && (bodyField[created.left.field] ?? created.left.field);
        return { ...created, left: { ...created.left, ...(field ? { field, message: created.left.message.replace(/^\w+:/, `${field}:`) } : {}) } };
      }
      return right({ status: 'created', task_id: created.right.taskId, priority: created.right.priority, assigned_to: body.to ?? null });
    },
  );
};
