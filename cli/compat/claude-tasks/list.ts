import { freshReader } from '../../../projections/engine/fresh-reader.js';
import { listTasks } from '../../../projections/tasks/queries.js';
import { taskBoard } from '../../../projections/tasks/task-board.js';
import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { integerInRange } from '../../cli-values.js';
import { taskJson } from '../../task-output.js';
import { checkTaskFilter } from '../../list-filters.js';

export const usage = 'claude-tasks list [--status/-s S] [--limit/-l 20]';

/** CLI-TK-03: priority desc, then oldest first. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { status: { type: 'string', short: 's' }, limit: { type: 'string', short: 'l' } });
  checkTaskFilter(v);
  const rt = await ctx.runtime();
  const tasks = listTasks(await freshReader(rt.log, rt.projections, taskBoard), {
    ...(v.status ? { status: v.status } : {}),
    limit: v.limit === undefined ? 20 : integerInRange('--limit', v.limit, 1, 10_000),
  });
  ctx.out(JSON.stringify({ tasks: tasks.map(taskJson) }));
};
