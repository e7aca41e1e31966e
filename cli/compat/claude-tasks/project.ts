import { approvalsProjection } from '../../../projections/approvals/approvals-projection.js';
import { matchProject } from '../../../projections/approvals/queries.js';
import { freshReader } from '../../../projections/engine/fresh-reader.js';
import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { projectRow, required } from './gate-rows.js';

export const usage = 'claude-tasks project --id ID   (a full id or a unique prefix)';

/** CLI-TK-12: one project proposal. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v } = parseCommandArgs(argv, { id: { type: 'string' } });
  const id = required('--id', v.id);
  const runtime = await ctx.runtime();
  const match = matchProject(await freshReader(runtime.log, runtime.projections, approvalsProjection), id);
  if (match.kind === 'ambiguous') throw badInput(`--id: "${id}" matches several projects: ${match.ids.join(', ')}`, { field: '--id' });
  if (match.kind === 'none') {
    ctx.out(JSON.stringify({ status: 'not_found', message: `no project ${id}` }));
    ctx.setExitCode(1);
    return;
  }
  ctx.out(JSON.stringify({ status: 'found', project: projectRow(match.doc) }));
};
