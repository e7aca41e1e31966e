import { approvalsProjection } from '../../../projections/approvals/approvals-projection.js';
import { listProjects, projectStatuses } from '../../../projections/approvals/queries.js';
import { freshReader } from '../../../projections/engine/fresh-reader.js';
import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { limitFlag, projectRow, statusFlag } from './gate-rows.js';

export const usage = 'claude-tasks projects [--status/-s pending|approved|rejected|deferred] [--limit/-l 20]';

/** CLI-TK-11: project proposals, newest first, with the combined rating. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { status: { type: 'string', short: 's' }, limit: { type: 'string', short: 'l' } });
  const status = statusFlag('--status', v.status, projectStatuses);
  const limit = limitFlag('--limit', v.limit, 20);
  const runtime = await ctx.runtime();
  const docs = await freshReader(runtime.log, runtime.projections, approvalsProjection);
  const projects = listProjects(docs, { ...(status ? { status } : {}), limit }).map(projectRow);
  ctx.out(JSON.stringify({ projects, count: projects.length }));
};
