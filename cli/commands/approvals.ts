import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { approvalCounts, approvalStatuses, listApprovals, listProjects, projectCounts, projectStatuses } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { budgetsAwaitingPerson } from '../../projections/tokens/queries.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import { agentNames } from '../../domain/agent/roles.js';
import { dayOf } from '../../domain/run/quantities.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { nonNegativeInteger } from '../cli-values.js';
import { render, table } from '../output.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { retryPublish } from '../../processes/commands/approval-commands.js';
import { cliCaller } from '../cli-context.js';
import { refused } from '../cli-failure.js';
import { failOn } from '../domain-failure.js';

export const usage =
  'swarm approvals [--status pending|approved|rejected|deferred|published|publish_failed|all] [--limit N] [--json]   (projects and products awaiting a human)\n' +
  '       swarm approvals retry ID [--note N]   (send out again a product whose publish failed: a new publish task; humans only)';

/** How the card shows a product's tests: first, since it decides whether approving needs an override. */
export const testsLabel = (status: string | undefined): string => (status === 'pass' ? 'PASS' : status === 'fail' ? 'FAIL' : '-');

/** A product's state as people read it: "publish failed: <reason>" rather than a bare status. */
export const productState = (a: { status: string; publishFailure?: { reason: string }; overrideTests?: boolean }): string =>
  a.status === 'publish_failed' ? `publish failed: ${a.publishFailure?.reason ?? 'no reason given'}` : `${a.status}${a.overrideTests ? ' (tests overridden)' : ''}`;

const retry = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags, positionals } = parseCommandArgs(argv, { note: { type: 'string' } }, [['ID', 'id']]);
  const [id, ...rest] = positionals;
  if (!id) throw badInput('ID is required: the product approval whose publish failed, or a unique prefix', { field: 'id' });
  if (rest.length) throw badInput(`unexpected argument "${rest[0]}"`, { field: 'arguments' });
  if (ctx.agent) throw refused(`only a human operator may retry a publish (SWARM_AGENT is set: this is agent "${ctx.agent}")`);
  const retried = await retryPublish(await ctx.runtime(), cliCaller(ctx), { id, ...(v.note ? { note: v.note } : {}) });
  if (isLeft(retried)) return failOn(retried.left);
  const d = retried.right;
  ctx.out(render(d, { json: Boolean(flags.json) }, () => [`product "${d.productName}" (${d.approvalId}) is ${d.status}`, ...(d.publishTaskId ? [`started publish task ${d.publishTaskId}`] : [])].join('\n')));
};

const statuses = [...new Set([...projectStatuses, ...approvalStatuses, 'all'])];

/** Both human gates in one queue: project proposals (before build) and finished products (before publish), newest first. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  if (argv[0] === 'retry') return retry(argv.slice(1), ctx);
  const { values: v, flags, positionals } = parseCommandArgs(argv, { status: { type: 'string', short: 's' }, limit: { type: 'string', short: 'l' } });
  if (positionals.length) throw badInput(`unexpected argument "${positionals[0]}"`, { field: 'arguments' });
  const status = v.status ?? 'pending';
  if (!statuses.includes(status)) throw badInput(`--status: expected one of ${statuses.join(', ')}, got "${status}"`, { field: '--status' });
  const limit = v.limit === undefined ? 50 : nonNegativeInteger('--limit', v.limit);
  const runtime = await ctx.runtime();
  const docs = await freshReader(runtime.log, runtime.projections, approvalsProjection);
  const query = <S extends string>(accepted: readonly S[]) =>
    status === 'all' ? { limit } : (accepted as readonly string[]).includes(status) ? { status: status as S, limit } : undefined;
  const projectQuery = query(projectStatuses);
  const approvalQuery = query(approvalStatuses);
  const projects = projectQuery ? listProjects(docs, projectQuery) : [];
  const products = approvalQuery ? listApprovals(docs, approvalQuery) : [];
  // The budget guard's decisions waiting for a person (SPEC §3.7): an exhausted daily budget to raise or resume.
  const tokens = await freshReader(runtime.log, runtime.projections, tokensProjection);
  const budgets = status === 'pending' || status === 'all' ? budgetsAwaitingPerson(tokens, ['swarm', ...agentNames], dayOf(runtime.now())) : [];
  const value = { status, projects, products, budgets, counts: { projects: projectCounts(docs), products: approvalCounts(docs) } };
  ctx.out(
    render(value, { json: Boolean(flags.json) }, (x: typeof value) =>
      [
        `Projects (${x.status}):`,
        table(
          x.projects.map((p) => ({ id: p.id, title: p.title, rating: p.combinedRating, revenue: p.maxRevenueEstimate, effort: p.effortEstimate, status: p.status, by: p.submittedBy, at: p.submittedAt })),
        ),
        '',
        `Products (${x.status}):`,
        table(
          x.products.map((a) => ({
            tests: testsLabel(a.testStatus),
            id: a.id,
            product: a.productName,
            project: a.projectId ?? '-',
            platform: a.platform,
            price: a.price,
            status: productState(a),
            by: a.submittedBy,
            at: a.submittedAt,
            // The link people follow to the product (full, never clipped), where it was published.
            ...(x.products.some((p) => p.publishedUrl) ? { link: a.publishedUrl ?? '' } : {}),
          })),
          undefined,
          200,
        ),
        ...(x.budgets.length
          ? ['', 'Budgets waiting for a person (swarm budget raise SCOPE TOKENS | swarm budget resume SCOPE):', table(x.budgets.map((b) => ({ scope: b.scope, day: b.day, used: b.used, limit: b.limit })))]
          : []),
        '',
        `projects: ${Object.entries(x.counts.projects).map(([k, n]) => `${k} ${n}`).join(', ')}   products: ${Object.entries(x.counts.products).map(([k, n]) => `${k} ${n}`).join(', ')}`,
      ].join('\n'),
    ),
  );
};
