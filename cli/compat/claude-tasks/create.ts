import { isLeft } from 'fp-ts/lib/Either.js';
import { createTask } from '../../../processes/commands/task-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, namedAgent, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { integerInRange, jsonObject } from '../../cli-values.js';
import { failOn } from '../../domain-failure.js';

export const usage = 'claude-tasks create --type/-t T [--to AGENT] [--from A] [--payload/-p JSON] [--priority N]';

/** CLI-TK-01. `--to` is optional here (the seed's own examples omit it); dedup applies as on every path (W-06). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, {
    type: { type: 'string', short: 't' },
    to: { type: 'string' },
    from: { type: 'string' },
    payload: { type: 'string', short: 'p' },
    priority: { type: 'string' },
  });
  if (!v.type) throw badInput('--type is required', { field: '--type' });
  if (ctx.agent) namedAgent(ctx, '--from', v.from);
  const priority = v.priority === undefined ? 5 : integerInRange('--priority', v.priority, -1_000, 1_000);
  const created = await createTask(await ctx.runtime(), cliCaller(ctx), {
    type: v.type,
    priority,
    payload: v.payload === undefined ? {} : jsonObject('--payload', v.payload),
    ...(v.to ? { assignedTo: v.to } : {}),
  });
  if (isLeft(created)) {
    const existing = created.left.details?.existingTaskId;
    if (existing) {
      ctx.out(JSON.stringify({ status: 'duplicate_rejected', existing_task_id: existing, type: v.type, message: created.left.message }));
      ctx.setExitCode(1);
      return;
    }
    failOn(created.left);
    return;
  }
  const c = created.right;
  ctx.out(JSON.stringify({ status: 'created', task_id: c.taskId, type: v.type, priority: c.priority, assigned_to: v.to ?? null }));
};
