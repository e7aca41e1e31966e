import { approvalsProjection } from '../../../projections/approvals/approvals-projection.js';
import { matchApproval } from '../../../projections/approvals/queries.js';
import { freshReader } from '../../../projections/engine/fresh-reader.js';
import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { required } from './gate-rows.js';

export const usage = 'claude-tasks check-approval --id ID   (a full id or a unique prefix)';

/** CLI-TK-08: the decision on a product, for the agent waiting on it. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { id: { type: 'string' } });
  const id = required('--id', v.id);
  const runtime = await ctx.runtime();
  const match = matchApproval(await freshReader(runtime.log, runtime.projections, approvalsProjection), id);
  if (match.kind === 'ambiguous') throw badInput(`--id: "${id}" matches several approvals: ${match.ids.join(', ')}`, { field: '--id' });
  if (match.kind === 'none') {
    ctx.out(JSON.stringify({ status: 'not_found', approved: false }));
    ctx.setExitCode(1);
    return;
  }
  const a = match.doc;
  ctx.out(
    JSON.stringify({
      id: a.id,
      status: a.status,
      approved: a.status === 'approved',
      product_name: a.productName,
      platform: a.platform,
      reviewer_notes: a.reviewerNotes ?? null,
      publish_task_id: a.publishTaskId ?? null,
    }),
  );
};
