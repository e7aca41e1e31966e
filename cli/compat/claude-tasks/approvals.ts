import { approvalsProjection } from '../../../projections/approvals/approvals-projection.js';
import { approvalStatuses, listApprovals } from '../../../projections/approvals/queries.js';
import { freshReader } from '../../../projections/engine/fresh-reader.js';
import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { approvalRow, limitFlag, statusFlag } from './gate-rows.js';

export const usage = 'claude-tasks approvals [--status/-s pending|approved|rejected|published] [--limit/-l 20]';

/** CLI-TK-09: product approvals, newest first. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { status: { type: 'string', short: 's' }, limit: { type: 'string', short: 'l' } });
  const status = statusFlag('--status', v.status, approvalStatuses);
  const limit = limitFlag('--limit', v.limit, 20);
  const runtime = await ctx.runtime();
  const docs = await freshReader(runtime.log, runtime.projections, approvalsProjection);
  const approvals = listApprovals(docs, { ...(status ? { status } : {}), limit }).map(approvalRow);
  ctx.out(JSON.stringify({ approvals, count: approvals.length }));
};
