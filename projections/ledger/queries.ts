import { formatAmount } from '../../domain/income/index.js';
import type { DocReader } from '../engine/projection.js';
import type { IncomeEntry } from './ledger-projection.js';
import { noTokens, type LedgerFigures, type MoneyTotals, type TokenTotals } from './ledger-figures.js';

const withoutStamp = <T extends { lastPosition?: number }>(doc: T): Omit<T, 'lastPosition'> => {
  const { lastPosition: _, ...rest } = doc;
  return rest;
};

const keyed = <T>(reader: DocReader, collection: string, key: (doc: T) => string): Record<string, T> =>
  Object.fromEntries(reader.all<T & { lastPosition?: number }>(collection).map((doc) => [key(doc), withoutStamp(doc) as T]));

/** The ledger projection's figures (its collections are small: products, sources and days times currencies). */
export const ledgerFigures = (reader: DocReader): LedgerFigures => {
  const tokens = reader.get<LedgerFigures['tokens'] & { lastPosition?: number }>('tokens', 'all');
  return {
    byProduct: keyed(reader, 'by-product', (d: MoneyTotals & { product: string }) => `${d.product}|${d.currency}`),
    bySource: keyed(reader, 'by-source', (d: MoneyTotals & { source: string }) => `${d.source}|${d.currency}`),
    byDay: keyed(reader, 'by-day', (d: MoneyTotals & { day: string }) => `${d.day}|${d.currency}`),
    totals: keyed(reader, 'totals', (d: MoneyTotals) => d.currency),
    tokensByDay: keyed(reader, 'tokens-by-day', (d: TokenTotals & { day: string }) => d.day),
    tokens: tokens ? withoutStamp(tokens) : noTokens,
  };
};

/**
 * Sales and refunds occurring from `since` on, newest recorded first, at most `max`, from the ledger's lines: the
 * days recorded since then are read, newest first, and nothing older. A sale counts from when it occurred, a refund
 * from when it was recorded. In the API's shape (snake case, amounts as text and in minor units).
 */
export const incomeEntries = (reader: DocReader, since: string, max: number): Record<string, unknown>[] => {
  const sinceDay = since.slice(0, 10);
  const days = reader
    .all<{ day: string }>('entry-days')
    .map((d) => d.day)
    .filter((day) => day >= sinceDay)
    .reverse();
  const entries: Record<string, unknown>[] = [];
  for (const day of days)
    for (const e of reader.page<IncomeEntry>('entries', { prefix: `${day}|` })) {
      if (e.occurredAt < since) continue;
      entries.push(entryJson(e));
      if (entries.length >= max) return entries;
    }
  return entries;
};

const entryJson = (e: IncomeEntry): Record<string, unknown> =>
  e.kind === 'sale'
    ? {
        kind: 'sale', source: e.source, product: e.product, amount: formatAmount(e.amountMinor, e.currency!), amount_minor: e.amountMinor, currency: e.currency,
        external_id: e.externalId, occurred_at: e.occurredAt, recorded_at: e.recordedAt, stream: e.stream,
      }
    : { kind: 'refund', sale: e.stream.slice('sale-'.length), amount_minor: -e.amountMinor, reason: e.reason, occurred_at: e.occurredAt, recorded_at: e.recordedAt, stream: e.stream };
