import { isLeft } from 'fp-ts/lib/Either.js';
import { cancelTask } from '../../../processes/commands/task-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, namedAgent, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { failOn } from '../../domain-failure.js';

export const usage = 'claude-tasks cancel --task-id/-t ID|PREFIX --reason/-r R [--agent/-a A]';

/** CLI-TK-13: a unique prefix is accepted (an ambiguous one is refused); agents cancel only their own tasks (W-25). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { 'task-id': { type: 'string', short: 't' }, reason: { type: 'string', short: 'r' }, agent: { type: 'string', short: 'a' } });
  if (!v['task-id']) throw badInput('--task-id is required', { field: '--task-id' });
  if (!v.reason) throw badInput('--reason is required', { field: '--reason' });
  if (ctx.agent) namedAgent(ctx, '--agent', v.agent);
  const done = await cancelTask(await ctx.runtime(), cliCaller(ctx), { taskId: v['task-id'], reason: v.reason });
  if (isLeft(done)) return failOn(done.left);
  ctx.out(JSON.stringify({ status: 'cancelled', task_id: done.right.taskId, reason: v.reason }));
};
