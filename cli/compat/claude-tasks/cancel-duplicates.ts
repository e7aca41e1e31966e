import { isLeft } from 'fp-ts/lib/Either.js';
import { cancelDuplicates } from '../../../processes/commands/task-duplicates.js';
import { parseCommandArgs } from '../../cli-args.js';
import { cliCaller, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { failOn } from '../../domain-failure.js';

export const usage = 'claude-tasks cancel-duplicates --title/-t TITLE';

/** CLI-TK-14: keeps the first pending task with this title (highest priority, oldest) and cancels the rest. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { title: { type: 'string', short: 't' } });
  if (!v.title) throw badInput('--title is required', { field: '--title' });
  const done = await cancelDuplicates(await ctx.runtime(), cliCaller(ctx), v.title);
  if (isLeft(done)) return failOn(done.left);
  ctx.out(JSON.stringify({ status: 'ok', title: v.title, kept: done.right.kept, cancelled: done.right.cancelledIds.length, cancelled_ids: done.right.cancelledIds }));
};
