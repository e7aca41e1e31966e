import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { listTasks } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import {
  cancelTask,
  claimTask,
  completeTask,
  createTask,
  failTask,
  releaseTask,
  resolveTask,
  setTaskPriority,
} from '../../processes/commands/task-commands.js';
import { cliCaller, namedAgent, type CliContext } from '../cli-context.js';
import { parseCommandArgs } from '../cli-args.js';
import { badInput } from '../cli-failure.js';
import { integerInRange, jsonObject } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render, table } from '../output.js';
import { resultValue, runGeneration, taskJson, taskRow } from '../task-output.js';
import { checkTaskFilter } from '../list-filters.js';

export const usage = [
  'swarm task create --type T [--to AGENT] [--priority N] [--payload JSON] [--from ACTOR] [--allow-duplicates] [--revive REASON]',
  'swarm task list [--status S] [--type T] [--agent A] [--limit N] | task show ID',
  'swarm task claim --agent A [--types t1,t2] | task complete ID --agent A [--result JSON] | task fail ID --agent A --reason R',
  'swarm task release ID --agent A --reason R | task cancel ID --reason R | task priority ID N',
].join('\n  ');

const ok = <A>(e: Either<DomainError, A>): A => (isLeft(e) ? failOn(e.left) : e.right);

const parse = parseCommandArgs;

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  const runtime = () => ctx.runtime();
  switch (sub) {
    case 'create': {
      const { values: v, flags: f } = parse(rest, {
        type: { type: 'string', short: 't' },
        to: { type: 'string' },
        priority: { type: 'string' },
        payload: { type: 'string', short: 'p' },
        from: { type: 'string' },
        'allow-duplicates': { type: 'boolean' },
        // A person taking up again, on purpose, an idea the swarm already made a project of (issue 17).
        revive: { type: 'string' },
        parent: { type: 'string' },
      });
      if (!v.type) throw badInput('--type is required', { field: '--type' });
      if (ctx.agent) namedAgent(ctx, '--from', v.from);
      const input = {
        type: v.type,
        ...(v.priority !== undefined ? { priority: integerInRange('--priority', v.priority, 1, 10) } : {}),
        ...(v.payload !== undefined ? { payload: jsonObject('--payload', v.payload) } : {}),
        ...(v.to ? { assignedTo: v.to } : {}),
        ...(v.parent ? { parentTaskId: v.parent } : {}),
        ...(f['allow-duplicates'] ? { allowDuplicates: true } : {}),
        ...(v.revive !== undefined ? { revive: v.revive } : {}),
      };
      const created = ok(await createTask(await runtime(), cliCaller(ctx), input));
      const out = { status: 'created', task_id: created.taskId, type: v.type, priority: created.priority, assigned_to: v.to ?? null };
      ctx.out(render(out, { json: !!f.json }, () => `created task ${created.taskId} (${v.type}, priority ${created.priority}${v.to ? `, for ${v.to}` : ''})`));
      return;
    }
    case 'list': {
      const { values: v, flags: f } = parse(rest, {
        status: { type: 'string', short: 's' },
        type: { type: 'string', short: 't' },
        agent: { type: 'string', short: 'a' },
        limit: { type: 'string', short: 'l' },
      });
      checkTaskFilter(v);
      const rt = await runtime();
      const tasks = listTasks(await freshReader(rt.log, rt.projections, taskBoard), {
        ...(v.status ? { status: v.status } : {}),
        ...(v.type ? { type: v.type } : {}),
        ...(v.agent ? { agent: v.agent } : {}),
        limit: v.limit === undefined ? 50 : integerInRange('--limit', v.limit, 1, 10_000),
      });
      ctx.out(f.json ? JSON.stringify({ tasks: tasks.map(taskJson) }) : table(tasks.map(taskRow)));
      return;
    }
    case 'show': {
      const { values: v, flags: f, positionals } = parse(rest, {}, [['ID', 'id']]);
      if (!positionals[0]) throw badInput('task show: the task ID is required', { field: 'ID' });
      const rt = await runtime();
      const task = ok(await resolveTask(rt, positionals[0]));
      const history = await rt.log.readStream(`task-${task.id}`);
      const events = isLeft(history) ? [] : history.right.map((e) => ({ at: e.metadata.at, position: e.position, type: e.type, actor: `${e.metadata.actor.kind}:${e.metadata.actor.id}`, data: e.data }));
      ctx.out(render({ ...taskJson(task), history: events }, { json: !!f.json }));
      return;
    }
    case 'claim': {
      const { values: v, flags: f } = parse(rest, { agent: { type: 'string', short: 'a' }, types: { type: 'string' } });
      const agent = namedAgent(ctx, '--agent', v.agent);
      const types = v.types ? (v.types).split(',').map((s) => s.trim()).filter(Boolean) : undefined;
      const outcome = ok(await claimTask(await runtime(), cliCaller(ctx), { agent, ...(types ? { types } : {}) }));
      const out = outcome.status === 'claimed' ? { status: 'claimed', task: taskJson(outcome.task) } : outcome;
      ctx.out(render(out, { json: !!f.json }, () => (outcome.status === 'claimed' ? `claimed ${outcome.task.id} (${outcome.task.type}, generation ${outcome.task.generation}, lease until ${outcome.task.leaseUntil})` : 'no tasks to claim')));
      return;
    }
    case 'complete':
    case 'fail':
    case 'release': {
      const { values: v, flags: f, positionals } = parse(rest, {
        agent: { type: 'string', short: 'a' },
        result: { type: 'string', short: 'r' },
        reason: { type: 'string' },
        generation: { type: 'string' },
      }, [['ID', 'id']]);
      const taskId = positionals[0];
      if (!taskId) throw badInput(`task ${sub}: the task ID is required`, { field: 'ID' });
      const agent = namedAgent(ctx, '--agent', v.agent);
      const generation = v.generation !== undefined ? integerInRange('--generation', v.generation, 1, Number.MAX_SAFE_INTEGER) : runGeneration(ctx.env, taskId);
      const base = { taskId, agent, ...(generation !== undefined ? { generation } : {}) };
      if (sub !== 'complete' && !v.reason) throw badInput('--reason is required', { field: '--reason' });
      const rt = await runtime();
      const done = ok(
        sub === 'complete'
          ? await completeTask(rt, cliCaller(ctx), { ...base, result: resultValue(v.result) })
          : sub === 'fail'
            ? await failTask(rt, cliCaller(ctx), { ...base, reason: v.reason })
            : await releaseTask(rt, cliCaller(ctx), { ...base, reason: v.reason }),
      );
      ctx.out(render({ status: done.status, task_id: done.taskId }, { json: !!f.json }, () => `task ${done.taskId}: ${done.status}`));
      return;
    }
    case 'cancel': {
      const { values: v, flags: f, positionals } = parse(rest, { reason: { type: 'string', short: 'r' } }, [['ID', 'id']]);
      if (!positionals[0]) throw badInput('task cancel: the task ID is required', { field: 'ID' });
      if (!v.reason) throw badInput('--reason is required', { field: '--reason' });
      const done = ok(await cancelTask(await runtime(), cliCaller(ctx), { taskId: positionals[0], reason: v.reason }));
      ctx.out(render({ status: done.status, task_id: done.taskId }, { json: !!f.json }, () => `task ${done.taskId}: cancelled`));
      return;
    }
    case 'priority': {
      const { flags: f, positionals } = parse(rest, {}, [['ID', 'id'], ['N', 'name']]);
      if (!positionals[0]) throw badInput('task priority: the task ID is required', { field: 'ID' });
      if (positionals[1] === undefined) throw badInput('task priority: the new priority N is required', { field: 'N' });
      const priority = integerInRange('N', positionals[1], 1, 10);
      const done = ok(await setTaskPriority(await runtime(), cliCaller(ctx), { taskId: positionals[0], priority }));
      ctx.out(render({ status: done.status, task_id: done.taskId, priority }, { json: !!f.json }, () => `task ${done.taskId}: priority ${priority}`));
      return;
    }
    default:
      throw badInput(`task: unknown subcommand "${sub ?? ''}"; use create, list, show, claim, complete, fail, release, cancel or priority`, { field: 'subcommand' });
  }
};
