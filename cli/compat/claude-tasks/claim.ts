import { isLeft } from 'fp-ts/lib/Either.js';
import { claimTask } from '../../../processes/commands/task-commands.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, namedAgent, type CliContext } from '../../cli-context.js';
import { failOn } from '../../domain-failure.js';
import { taskJson } from '../../task-output.js';

export const usage = 'claude-tasks claim --agent/-a A [--types t1,t2]';

/** CLI-TK-04, without the original's `race_lost`: a lost race moves on to the next task (W-01). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { agent: { type: 'string', short: 'a' }, types: { type: 'string' } });
  const agent = namedAgent(ctx, '--agent', v.agent);
  const types = v.types?.split(',').map((s) => s.trim()).filter(Boolean);
  const outcome = await claimTask(await ctx.runtime(), cliCaller(ctx), { agent, ...(types?.length ? { types } : {}) });
  if (isLeft(outcome)) return failOn(outcome.left);
  ctx.out(JSON.stringify(outcome.right.status === 'claimed' ? { status: 'claimed', task: taskJson(outcome.right.task) } : { status: 'no_tasks' }));
};
