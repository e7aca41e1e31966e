import { formatAmount } from '../../domain/income/index.js';
import type { LedgerFigures, MoneyTotals, TokenTotals } from './ledger-figures.js';

export type LedgerGrouping = 'product' | 'source' | 'day';

/** Income in the currency's units per 1,000 tokens and per USD of model cost (undefined when nothing was spent). */
const efficiency = (netMinor: number, currency: string, tokens: TokenTotals) => {
  const net = Number(formatAmount(netMinor, currency));
  return {
    incomePer1kTokens: tokens.totalTokens > 0 ? round(net / (tokens.totalTokens / 1000)) : undefined,
    incomePerUsdCost: tokens.costMicroUsd > 0 ? round(net / (tokens.costMicroUsd / 1_000_000)) : undefined,
  };
};

const round = (n: number) => Math.round(n * 10_000) / 10_000;
const usd = (micro: number) => micro / 1_000_000;

const money = (t: MoneyTotals) => ({
  currency: t.currency,
  sales: t.sales,
  refunds: t.refunds,
  gross: formatAmount(t.grossMinor, t.currency),
  refunded: formatAmount(t.refundedMinor, t.currency),
  net: formatAmount(t.netMinor, t.currency),
  netMinor: t.netMinor,
});

export interface LedgerSummary {
  readonly totals: readonly (ReturnType<typeof money> & ReturnType<typeof efficiency>)[];
  readonly tokens: { readonly inputTokens: number; readonly outputTokens: number; readonly totalTokens: number; readonly costUsd: number };
}

/** Totals per currency, tokens and model cost, and income per 1k tokens and per USD of cost. */
export const ledgerSummary = (f: LedgerFigures): LedgerSummary => ({
  totals: Object.values(f.totals).map((t) => ({ ...money(t), ...efficiency(t.netMinor, t.currency, f.tokens) })),
  tokens: { inputTokens: f.tokens.inputTokens, outputTokens: f.tokens.outputTokens, totalTokens: f.tokens.totalTokens, costUsd: usd(f.tokens.costMicroUsd) },
});

/** One row per product or source and currency; per day, with that day's tokens, cost and efficiency. */
export const ledgerRows = (f: LedgerFigures, by: LedgerGrouping): Record<string, unknown>[] => {
  if (by === 'product') return Object.values(f.byProduct).map((t) => ({ product: t.product, ...money(t) }));
  if (by === 'source') return Object.values(f.bySource).map((t) => ({ source: t.source, ...money(t) }));
  const days = [...new Set([...Object.values(f.byDay).map((t) => t.day), ...Object.keys(f.tokensByDay)])].sort();
  return days.flatMap((day) => {
    const tokens = f.tokensByDay[day] ?? { inputTokens: 0, outputTokens: 0, totalTokens: 0, costMicroUsd: 0 };
    const spent = { tokens: tokens.totalTokens, costUsd: usd(tokens.costMicroUsd) };
    const incomes = Object.values(f.byDay).filter((t) => t.day === day);
    if (incomes.length === 0) return [{ day, currency: '', sales: 0, refunds: 0, net: '', ...spent }];
    return incomes.map((t) => ({ day, ...money(t), ...spent, ...efficiency(t.netMinor, t.currency, tokens) }));
  });
};
