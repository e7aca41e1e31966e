import { right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { formatAmount } from '../../../domain/income/index.js';
import { reachableLog } from '../../../processes/health/log-health.js';
import { swarmStatus } from '../../../processes/queries/swarm-status.js';
import type { Projection } from '../../../projections/engine/projection.js';
import { ledgerProjection } from '../../../projections/ledger/ledger-projection.js';
import { ledgerFigures } from '../../../projections/ledger/queries.js';
import { memoryFeedProjection } from '../../../projections/memory/memory-feed-projection.js';
import { recentFeed } from '../../../projections/memory/queries.js';
import { refusalSummary } from '../../../projections/refusals/queries.js';
import { refusalsProjection } from '../../../projections/refusals/refusals-projection.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';
import { WholeNumberText } from '../query-values.js';
import { lastDays } from './ledger-routes.js';

const RefusalsQuery = t.partial({ limit: WholeNumberText(1, 200) });

/** Health, the swarm at a glance, and the overview's figures (DASH-06, DASH-11, DASH-39). */
export const overviewRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  // While the log is away (issue M point 5) neither asks it for its head (that would wait for it): `log` says since
  // when, `position` is null, and the status shows the read models as they were last caught up. `/health` keeps the
  // shape it always had while the log answers, and adds `log` only while it does not.
  const logHealth = () => ctx.logHealth?.() ?? reachableLog;
  api.read('/health', { tag: 'overview', summary: 'Liveness, the log head, whether agents are simulated or unsandboxed, and `log` with since when while the log is unreachable' }, async () => {
    const log = logHealth();
    const flags = { simulated: ctx.simulated, driver: ctx.driver, unsandboxed: ctx.unsandboxed?.() === true };
    return right(log.reachable ? { status: 'ok', position: await ctx.runtime.log.headPosition(), ...flags } : { status: 'log_unreachable', position: null, log, ...flags });
  });

  api.read('/api/status', { tag: 'overview', summary: 'The swarm at a glance: agents, queue, governance, the human gates waiting, whether the log answers' }, async () => {
    const log = logHealth();
    const read = log.reachable ? ctx.read : (p: Projection) => Promise.resolve(ctx.runtime.projections.reader(p.name));
    const status = await swarmStatus(read, ctx.runtime.now(), log);
    const position = log.reachable ? await ctx.runtime.log.headPosition() : null;
    return right({ ...status, is_running: true, simulated: ctx.simulated, driver: ctx.driver, unsandboxed: ctx.unsandboxed?.() === true, position });
  });

  api.read<{ limit?: number }>(
    '/api/refusals',
    {
      tag: 'overview',
      summary: 'Commands agent runs sent without the authority for them, refused and recorded: the recent ones newest first, counts per agent',
      description: 'Each refusal is an AgentCommandRefused event (stream category `refusal`). The command is the agent\'s own text.',
      query: RefusalsQuery,
    },
    async ({ query }) => right(refusalSummary(await ctx.read(refusalsProjection), query.limit ?? 20)),
  );

  api.read(
    '/api/stats',
    {
      tag: 'overview',
      summary: 'Income (30 days), tokens and cost (7 days), income per 1k tokens (30 days), recent activity',
      description: 'Efficiency divides net income by tokens over the same 30 days (the original mixed 30 days of income with 7 of tokens).',
    },
    async () => {
      const figures = ledgerFigures(await ctx.read(ledgerProjection));
      const now = ctx.runtime.now();
      const month = lastDays(now, 30);
      const week = new Set(month.slice(-7));
      const incomeByCurrency: Record<string, number> = {};
      for (const t of Object.values(figures.byDay)) if (month.includes(t.day)) incomeByCurrency[t.currency] = (incomeByCurrency[t.currency] ?? 0) + t.netMinor;
      const bySource: Record<string, string> = {};
      for (const t of Object.values(figures.bySource)) bySource[`${t.source}_${t.currency}`] = formatAmount(t.netMinor, t.currency);
      const tokenDays = Object.values(figures.tokensByDay);
      const tokens30 = tokenDays.filter((d) => month.includes(d.day)).reduce((n, d) => n + d.totalTokens, 0);
      const tokens7 = tokenDays.filter((d) => week.has(d.day)).reduce((n, d) => n + d.totalTokens, 0);
      const cost7Micro = tokenDays.filter((d) => week.has(d.day)).reduce((n, d) => n + d.costMicroUsd, 0);
      const usd30 = Number(formatAmount(incomeByCurrency.USD ?? 0, 'USD'));
      return right({
        income: {
          total_30d: usd30,
          by_currency_30d: Object.fromEntries(Object.entries(incomeByCurrency).map(([c, minor]) => [c, formatAmount(minor, c)])),
          by_source: bySource,
        },
        tokens: { total_7d: tokens7, cost_7d: cost7Micro / 1_000_000, daily_average: Math.round(tokens7 / 7), total_30d: tokens30 },
        efficiency: { income_per_1k_tokens: tokens30 > 0 ? Math.round((usd30 / (tokens30 / 1000)) * 10_000) / 10_000 : 0 },
        recent_activity: recentFeed(await ctx.read(memoryFeedProjection)).slice(0, 5),
        simulated: ctx.simulated,
        driver: ctx.driver,
      });
    },
  );
};
