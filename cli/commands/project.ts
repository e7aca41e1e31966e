import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { matchProject } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { render } from '../output.js';

export const usage = 'swarm project ID [--json]   (a full id or a unique prefix)';

/** One project proposal with everything the human needs to decide. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { flags, positionals } = parseCommandArgs(argv, {}, [['ID', 'id']]);
  const [id, ...rest] = positionals;
  if (!id) throw badInput('ID is required: a project id or a unique prefix', { field: 'id' });
  if (rest.length) throw badInput(`unexpected argument "${rest[0]}"`, { field: 'arguments' });
  const runtime = await ctx.runtime();
  const match = matchProject(await freshReader(runtime.log, runtime.projections, approvalsProjection), id);
  if (match.kind === 'ambiguous') throw badInput(`id: "${id}" matches several projects: ${match.ids.join(', ')}`, { field: 'id' });
  if (match.kind === 'none') throw refused(`no project ${id}`, { code: 'not_found' });
  const { submittedPosition: _s, position: _p, ...project } = match.doc;
  ctx.out(render(project, { json: Boolean(flags.json) }));
};
