import { isLeft, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { formatAmount } from '../../../domain/income/index.js';
import { dayOf } from '../../../domain/run/quantities.js';
import { recordIncome } from '../../../processes/commands/income-commands.js';
import { auditLedger } from '../../../projections/ledger/ledger-audit.js';
import { ledgerProjection } from '../../../projections/ledger/ledger-projection.js';
import { ledgerRows, ledgerSummary, type LedgerGrouping } from '../../../projections/ledger/ledger-report.js';
import { incomeEntries, ledgerFigures } from '../../../projections/ledger/queries.js';
import { agentUsageOn, usageOn } from '../../../projections/tokens/queries.js';
import { tokensProjection } from '../../../projections/tokens/tokens-projection.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';
import { IdString, limitedString } from '../../../domain/limits/index.js';
import { OneOf, WholeNumberText } from '../query-values.js';

const DaysQuery = (max: number) => t.partial({ days: WholeNumberText(1, max) });
const LedgerQuery = t.partial({ by: OneOf<LedgerGrouping>(['product', 'source', 'day']) });
/** Names whose blank or malformed values the income service refuses in its own words. */
const IncomeName = limitedString('name', { nonBlank: false });
const IncomeBody = t.intersection([
  t.type({ source: IncomeName, product: IncomeName, amount: t.union([IncomeName, t.number]), currency: IncomeName, external_id: IdString }),
  t.partial({ occurred_at: IncomeName }),
]);

/** The service's field names as the body spells them, so a refusal names what the client sent. */
const bodyField: Readonly<Record<string, string>> = { externalId: 'external_id', occurredAt: 'occurred_at', amountMinor: 'amount' };

const msPerDay = 86_400_000;

/** The UTC days from `days - 1` days ago to today, oldest first. */
export const lastDays = (now: string, days: number): string[] =>
  Array.from({ length: days }, (_, i) => dayOf(new Date(Date.parse(now) - (days - 1 - i) * msPerDay).toISOString()));

const maxEntries = 1000;

/** Income, the audited ledger, and token use (DASH-08/09 and SPEC §0.4). */
export const ledgerRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read('/api/income', { tag: 'ledger', summary: 'Sales and refunds of the last `days` (default 30), with totals by source', query: DaysQuery(3660) }, async ({ query }) => {
    const days = query.days ?? 30;
    const since = new Date(Date.parse(ctx.runtime.now()) - days * msPerDay).toISOString();
    // The ledger's lines (a projection, caught up first), not a read of the log.
    const entries = incomeEntries(await ctx.read(ledgerProjection), since, maxEntries);
    const bySource: Record<string, number> = {};
    const totals: Record<string, number> = {};
    for (const e of entries.filter((x) => x.kind === 'sale')) {
      const key = `${e.source}_${e.currency}`;
      bySource[key] = (bySource[key] ?? 0) + Number(e.amount_minor);
      totals[String(e.currency)] = (totals[String(e.currency)] ?? 0) + Number(e.amount_minor);
    }
    return right({
      entries,
      total: Number(formatAmount(totals.USD ?? 0, 'USD')),
      totals_minor: totals,
      by_source: Object.fromEntries(Object.entries(bySource).map(([k, minor]) => [k, Number(formatAmount(minor, k.slice(k.lastIndexOf('_') + 1)))])),
      days,
    });
  });

  api.mutate(
    '/api/income',
    {
      tag: 'ledger',
      summary: 'Record a sale (idempotent by source and external_id)',
      description: 'amount is decimal text in the currency\'s units ("12.34"); occurred_at an ISO time with a zone.',
      body: IncomeBody,
    },
    async ({ body, caller }) => {
      const recorded = await recordIncome(ctx.runtime, caller, {
        source: body.source,
        product: body.product,
        amount: typeof body.amount === 'number' ? String(body.amount) : body.amount,
        currency: body.currency,
        externalId: body.external_id,
        ...(body.occurred_at !== undefined ? { occurredAt: body.occurred_at } : {}),
      });
      if (isLeft(recorded)) {
        const e = recorded.left;
        const field = e.field && (bodyField[e.field] ?? e.field);
        return { ...recorded, left: { ...e, ...(field ? { field, message: e.message.startsWith(`${e.field}:`) ? `${field}:${e.message.slice(e.field!.length + 1)}` : e.message } : {}) } };
      }
      const r = recorded.right;
      return right({ success: true, recorded: r.recorded, duplicate: r.duplicate, stream: r.stream, amount_minor: r.amountMinor });
    },
  );

  api.read(
    '/api/ledger',
    { tag: 'ledger', summary: 'Ledger totals per currency with income per 1k tokens and per USD, rows by product|source|day, and a per-day series for a chart', query: LedgerQuery },
    async ({ query }) => {
      const figures = ledgerFigures(await ctx.read(ledgerProjection));
      return right({
        summary: ledgerSummary(figures),
        ...(query.by ? { by: query.by, rows: ledgerRows(figures, query.by) } : {}),
        series: ledgerRows(figures, 'day'),
      });
    },
  );

  api.read('/api/ledger/audit', { tag: 'ledger', summary: 'Recompute the ledger from the log and compare it with the projection' }, async () =>
    right(await auditLedger(ctx.runtime.log, ctx.runtime.projections)),
  );

  api.read('/api/tokens', { tag: 'ledger', summary: 'Tokens and model cost of the last `days` (default 7), by agent and by day', query: DaysQuery(366) }, async ({ query }) => {
    const days = query.days ?? 7;
    const reader = await ctx.read(tokensProjection);
    const window = lastDays(ctx.runtime.now(), days);
    const byDay: Record<string, { tokens: number; cost: number }> = {};
    const byAgent: Record<string, { tokens: number; cost: number; input_tokens: number; output_tokens: number }> = {};
    for (const day of window) {
      const u = usageOn(reader, day);
      byDay[day] = { tokens: u.totalTokens, cost: u.costMicroUsd / 1_000_000 };
      for (const a of agentUsageOn(reader, day)) {
        const sum = (byAgent[a.agent!] ??= { tokens: 0, cost: 0, input_tokens: 0, output_tokens: 0 });
        sum.tokens += a.totalTokens;
        sum.cost += a.costMicroUsd / 1_000_000;
        sum.input_tokens += a.inputTokens;
        sum.output_tokens += a.outputTokens;
      }
    }
    const total = Object.values(byDay).reduce((n, d) => n + d.tokens, 0);
    const totalCost = Object.values(byDay).reduce((n, d) => n + d.cost, 0);
    return right({ total, total_cost: totalCost, by_agent: byAgent, by_day: byDay, daily_average: total / days, today: byDay[window[window.length - 1]!]!.tokens, days });
  });
};
