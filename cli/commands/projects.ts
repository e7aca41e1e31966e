import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { listProjects, projectCounts, projectStatuses } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { nonNegativeInteger } from '../cli-values.js';
import { render, table } from '../output.js';

export const usage = 'swarm projects [--status pending|approved|rejected|deferred] [--limit N] [--json]';

/** Project proposals (gate 1), newest first, with the combined rating. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags, positionals } = parseCommandArgs(argv, { status: { type: 'string', short: 's' }, limit: { type: 'string', short: 'l' } });
  if (positionals.length) throw badInput(`unexpected argument "${positionals[0]}"`, { field: 'arguments' });
  const status = v.status;
  if (status !== undefined && !(projectStatuses as readonly string[]).includes(status))
    throw badInput(`--status: expected one of ${projectStatuses.join(', ')}, got "${status}"`, { field: '--status' });
  const limit = v.limit === undefined ? 50 : nonNegativeInteger('--limit', v.limit);
  const runtime = await ctx.runtime();
  const docs = await freshReader(runtime.log, runtime.projections, approvalsProjection);
  const projects = listProjects(docs, { ...(status ? { status: status as (typeof projectStatuses)[number] } : {}), limit });
  const counts = projectCounts(docs);
  ctx.out(
    render({ projects, counts }, { json: Boolean(flags.json) }, () =>
      [
        table(projects.map((p) => ({ id: p.id, title: p.title, rating: p.combinedRating, revenue: p.maxRevenueEstimate, effort: p.effortEstimate, status: p.status, by: p.submittedBy, at: p.submittedAt }))),
        '',
        Object.entries(counts).map(([k, n]) => `${k} ${n}`).join(', '),
      ].join('\n'),
    ),
  );
};
