import type { DocReader } from '../engine/projection.js';
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
