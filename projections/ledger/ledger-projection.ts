import type { Sale } from '../../domain/income/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { dayOf } from '../../domain/run/quantities.js';
import { microUsd, type TokensUsedData } from '../../domain/run/index.js';
import { collectionOf, mergeCollections, type Mutable } from '../engine/fold-documents.js';
import { createMemoryDocs, memoryWriter, sortedDocs } from '../engine/memory-docs.js';
import type { DocWriter, Projection } from '../engine/projection.js';
import type { MoneyTotals, TokenTotals } from './ledger-figures.js';

type Stamped<T> = T & { readonly lastPosition: number };

/** What a refund needs to know about its sale to be booked against the right product, source and currency. */
export interface SaleEntry {
  readonly source: string;
  readonly product: string;
  readonly currency: string;
  readonly day: string;
}

/** One sale or refund as the income list shows it (the ledger's lines, beside its totals). */
export interface IncomeEntry {
  readonly kind: 'sale' | 'refund';
  readonly position: number;
  readonly stream: string;
  readonly recordedAt: string;
  /** A sale's occurredAt; a refund occurs when it is recorded. */
  readonly occurredAt: string;
  readonly amountMinor: number;
  readonly source?: string;
  readonly product?: string;
  readonly currency?: string;
  readonly externalId?: string;
  readonly reason?: string;
}

/**
 * Income entries are keyed by the day they were recorded, then newest first within it (the position counted down),
 * so the income list reads the days of its window, newest first, and stops once it has enough.
 */
export const entryKey = (recordedDay: string, position: number): string => `${recordedDay}|${String(Number.MAX_SAFE_INTEGER - position).padStart(16, '0')}`;

const recordEntry = (docs: DocWriter, e: RecordedEvent, entry: IncomeEntry) => {
  const day = dayOf(e.metadata.at);
  docs.put('entries', entryKey(day, e.position), entry);
  docs.put('entry-days', day, { day });
};

const emptyMoney = (currency: string): MoneyTotals => ({ currency, grossMinor: 0, refundedMinor: 0, netMinor: 0, sales: 0, refunds: 0 });

/** Adds a sale (`amount` > 0 as gross) or a refund to one total; documents stamped with the event already folded are left alone. */
const book = (docs: DocWriter, collection: string, key: string, base: Record<string, string>, currency: string, e: RecordedEvent, change: { sale?: number; refund?: number }) => {
  const prev = docs.get<Stamped<MoneyTotals>>(collection, key);
  if (prev && prev.lastPosition >= e.position) return;
  const t = prev ?? emptyMoney(currency);
  const sale = change.sale ?? 0;
  const refund = change.refund ?? 0;
  // Object.assign, not `{ ...base, … }`: V8 (Node 20) adds each property after a leading spread through a runtime
  // call (folding the 22,527 ledger events of bench:ui's log took 35 ms with the spreads, 8–15 ms without).
  docs.put(
    collection,
    key,
    Object.assign({}, base, {
      currency,
      grossMinor: t.grossMinor + sale,
      refundedMinor: t.refundedMinor + refund,
      netMinor: t.netMinor + sale - refund,
      sales: t.sales + (change.sale !== undefined ? 1 : 0),
      refunds: t.refunds + (change.refund !== undefined ? 1 : 0),
      lastPosition: e.position,
    }),
  );
};

const addTokens = (docs: DocWriter, collection: string, key: string, base: Record<string, string>, data: TokensUsedData, e: RecordedEvent) => {
  const prev = docs.get<Stamped<TokenTotals>>(collection, key);
  if (prev && prev.lastPosition >= e.position) return;
  // Object.assign for the reason `book` gives.
  docs.put(
    collection,
    key,
    Object.assign({}, base, {
      inputTokens: (prev?.inputTokens ?? 0) + data.inputTokens,
      outputTokens: (prev?.outputTokens ?? 0) + data.outputTokens,
      totalTokens: (prev?.totalTokens ?? 0) + data.inputTokens + data.outputTokens,
      costMicroUsd: (prev?.costMicroUsd ?? 0) + microUsd(data.costUsd),
      lastPosition: e.position,
    }),
  );
};

/**
 * The income ledger (SPEC §0 use 4, §4): net income by product, source and day per currency, with the tokens and
 * model cost spent per day, for income per 1k tokens and per USD of cost. Refunds are booked against their sale's
 * product and source, on the day the refund was recorded. Its lines (every sale and refund, by the day recorded)
 * serve the income list.
 */
export const ledgerProjection: Projection = {
  name: 'ledger',
  version: 2,
  eventTypes: ['IncomeRecorded', 'IncomeRefunded', 'TokensUsed'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    if (e.type === 'TokensUsed') {
      const data = e.data as TokensUsedData;
      const day = dayOf(e.metadata.at);
      addTokens(docs, 'tokens-by-day', day, { day }, data, e);
      addTokens(docs, 'tokens', 'all', {}, data, e);
      return;
    }
    if (e.type === 'IncomeRecorded') {
      const sale = e.data as Sale;
      const entry: SaleEntry = { source: sale.source, product: sale.product, currency: sale.currency, day: dayOf(sale.occurredAt) };
      docs.put('sales', e.stream, entry);
      recordEntry(docs, e, {
        kind: 'sale', position: e.position, stream: e.stream, recordedAt: e.metadata.at, occurredAt: sale.occurredAt, amountMinor: sale.amountMinor,
        source: sale.source, product: sale.product, currency: sale.currency, externalId: sale.externalId,
      });
      const change = { sale: sale.amountMinor };
      book(docs, 'by-product', `${sale.product}|${sale.currency}`, { product: sale.product }, sale.currency, e, change);
      book(docs, 'by-source', `${sale.source}|${sale.currency}`, { source: sale.source }, sale.currency, e, change);
      book(docs, 'by-day', `${entry.day}|${sale.currency}`, { day: entry.day }, sale.currency, e, change);
      book(docs, 'totals', sale.currency, {}, sale.currency, e, change);
      return;
    }
    if (e.type === 'IncomeRefunded') {
      const refund = e.data as { amountMinor: number; reason?: string };
      recordEntry(docs, e, {
        kind: 'refund', position: e.position, stream: e.stream, recordedAt: e.metadata.at, occurredAt: e.metadata.at, amountMinor: refund.amountMinor,
        ...(refund.reason !== undefined ? { reason: refund.reason } : {}),
      });
      const entry = docs.get<SaleEntry>('sales', e.stream);
      if (!entry) return;
      const change = { refund: (e.data as { amountMinor: number }).amountMinor };
      const day = dayOf(e.metadata.at);
      book(docs, 'by-product', `${entry.product}|${entry.currency}`, { product: entry.product }, entry.currency, e, change);
      book(docs, 'by-source', `${entry.source}|${entry.currency}`, { source: entry.source }, entry.currency, e, change);
      book(docs, 'by-day', `${day}|${entry.currency}`, { day }, entry.currency, e, change);
      book(docs, 'totals', entry.currency, {}, entry.currency, e, change);
    }
  },
  // A rebuild sums tokens in place (documents made once per key, in `addTokens`' property order); income events,
  // far fewer, go through `apply` into their own collections.
  foldFromStart: () => {
    const byDay = new Map<string, Mutable<Stamped<TokenTotals>>>();
    const all = new Map<string, Mutable<Stamped<TokenTotals>>>();
    const income = createMemoryDocs();
    const incomeWriter = memoryWriter(income);
    const sum = (docs: Map<string, Mutable<Stamped<TokenTotals>>>, key: string, base: Record<string, string>, data: TokensUsedData, position: number) => {
      const prev = docs.get(key);
      if (prev && prev.lastPosition >= position) return;
      if (!prev) {
        docs.set(key, {
          ...base,
          inputTokens: data.inputTokens,
          outputTokens: data.outputTokens,
          totalTokens: data.inputTokens + data.outputTokens,
          costMicroUsd: microUsd(data.costUsd),
          lastPosition: position,
        });
        return;
      }
      prev.inputTokens += data.inputTokens;
      prev.outputTokens += data.outputTokens;
      prev.totalTokens += data.inputTokens + data.outputTokens;
      prev.costMicroUsd += microUsd(data.costUsd);
      prev.lastPosition = position;
    };
    return {
      apply: (e) => {
        if (e.type !== 'TokensUsed') return ledgerProjection.apply(incomeWriter, e);
        const data = e.data as TokensUsedData;
        const day = dayOf(e.metadata.at);
        sum(byDay, day, { day }, data, e.position);
        sum(all, 'all', {}, data, e.position);
      },
      documents: () => mergeCollections(collectionOf('tokens-by-day', byDay), collectionOf('tokens', all), sortedDocs(income)),
    };
  },
};
