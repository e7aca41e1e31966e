import type { Sale } from '../../domain/income/index.js';
import type { EventStore } from '../../domain/log/event-store.js';
import type { TokensUsedData } from '../../domain/run/index.js';
import { catchUp } from '../engine/catch-up.js';
import type { ProjectionStore } from '../engine/projection.js';
import { compareFigures, noTokens, type LedgerDifference, type LedgerFigures, type MoneyTotals, type TokenTotals } from './ledger-figures.js';
import { ledgerProjection } from './ledger-projection.js';
import { ledgerFigures } from './queries.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The events the ledger is folded from, each read on its own (see recomputeLedger). */
export const ledgerEventTypes = ['IncomeRecorded', 'IncomeRefunded', 'TokensUsed'] as const;

/**
 * The ledger recomputed straight from the log: one plain pass over sales, refunds and token reports, sharing no code
 * with the projection, so a fault in either (or a tampered read model) shows up as a difference. Each event type is
 * read through its own filtered read of `$all` (one type: an index range in the embedded log, see sqlite-filter.ts),
 * so the audit reads the ledger's events and nothing else, however long the rest of the log. Sales come before
 * refunds: a refund is booked against its sale's product and source, and is never recorded before its sale.
 */
export const recomputeLedger = async (log: EventStore, upTo: number): Promise<{ figures: LedgerFigures; sales: number; refunds: number }> => {
  const byProduct: Record<string, Mutable<MoneyTotals> & { product: string }> = {};
  const bySource: Record<string, Mutable<MoneyTotals> & { source: string }> = {};
  const byDay: Record<string, Mutable<MoneyTotals> & { day: string }> = {};
  const totals: Record<string, Mutable<MoneyTotals>> = {};
  const tokensByDay: Record<string, Mutable<TokenTotals> & { day: string }> = {};
  const tokens: Mutable<TokenTotals> = { ...noTokens };
  const salesByStream = new Map<string, { readonly sale: Sale; readonly position: number }>();
  let sales = 0;
  let refunds = 0;

  const money = <E extends object>(table: Record<string, Mutable<MoneyTotals> & E>, key: string, extra: E, currency: string) =>
    (table[key] ??= { ...extra, currency, grossMinor: 0, refundedMinor: 0, netMinor: 0, sales: 0, refunds: 0 });

  /** The events of one type up to `upTo`, in log order. */
  async function* ofType(type: (typeof ledgerEventTypes)[number]) {
    for await (const e of log.readAll({ filter: { eventTypes: [type] } })) {
      if (e.position > upTo) return;
      yield e;
    }
  }

  for await (const e of ofType('IncomeRecorded')) {
    const sale = e.data as Sale;
    salesByStream.set(e.stream, { sale, position: e.position });
    sales += 1;
    const day = sale.occurredAt.slice(0, 10);
    for (const row of [
      money(byProduct, `${sale.product}|${sale.currency}`, { product: sale.product }, sale.currency),
      money(bySource, `${sale.source}|${sale.currency}`, { source: sale.source }, sale.currency),
      money(byDay, `${day}|${sale.currency}`, { day }, sale.currency),
      money(totals, sale.currency, {}, sale.currency),
    ]) {
      row.grossMinor += sale.amountMinor;
      row.netMinor += sale.amountMinor;
      row.sales += 1;
    }
  }
  for await (const e of ofType('IncomeRefunded')) {
    const recorded = salesByStream.get(e.stream);
    if (!recorded || recorded.position > e.position) continue;
    const { sale } = recorded;
    refunds += 1;
    const amount = (e.data as { amountMinor: number }).amountMinor;
    const day = e.metadata.at.slice(0, 10);
    for (const row of [
      money(byProduct, `${sale.product}|${sale.currency}`, { product: sale.product }, sale.currency),
      money(bySource, `${sale.source}|${sale.currency}`, { source: sale.source }, sale.currency),
      money(byDay, `${day}|${sale.currency}`, { day }, sale.currency),
      money(totals, sale.currency, {}, sale.currency),
    ]) {
      row.refundedMinor += amount;
      row.netMinor -= amount;
      row.refunds += 1;
    }
  }
  for await (const e of ofType('TokensUsed')) {
    const used = e.data as TokensUsedData;
    const day = e.metadata.at.slice(0, 10);
    const cost = Math.round(used.costUsd * 1_000_000);
    for (const row of [(tokensByDay[day] ??= { day, ...noTokens }), tokens]) {
      row.inputTokens += used.inputTokens;
      row.outputTokens += used.outputTokens;
      row.totalTokens += used.inputTokens + used.outputTokens;
      row.costMicroUsd += cost;
    }
  }
  return { figures: { byProduct, bySource, byDay, totals, tokensByDay, tokens }, sales, refunds };
};

export interface LedgerAudit {
  readonly ok: boolean;
  readonly sales: number;
  readonly refunds: number;
  /** The log position both sides were computed at. */
  readonly position: number;
  readonly differences: readonly LedgerDifference[];
}

/** Brings the ledger projection up to the log's head, recomputes the ledger from the log, and compares the two. */
export const auditLedger = async (log: EventStore, store: ProjectionStore): Promise<LedgerAudit> => {
  const head = await log.headPosition();
  await catchUp(log, store, [ledgerProjection], { upTo: head });
  const recomputed = await recomputeLedger(log, head);
  const differences = compareFigures(ledgerFigures(store.reader(ledgerProjection.name)), recomputed.figures);
  return { ok: differences.length === 0, sales: recomputed.sales, refunds: recomputed.refunds, position: head, differences };
};
