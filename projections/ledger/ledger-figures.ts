/**
 * The ledger's figures, in one shape for the projection's read-out and for the audit's independent fold of the
 * log, so the two can be compared key by key. Money is in integer minor units per currency, cost in micro-USD.
 */
export interface MoneyTotals {
  readonly currency: string;
  readonly grossMinor: number;
  readonly refundedMinor: number;
  readonly netMinor: number;
  readonly sales: number;
  readonly refunds: number;
}

export interface TokenTotals {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly costMicroUsd: number;
}

export interface LedgerFigures {
  /** Keyed `<product>|<currency>`. */
  readonly byProduct: Readonly<Record<string, MoneyTotals & { readonly product: string }>>;
  /** Keyed `<source>|<currency>`. */
  readonly bySource: Readonly<Record<string, MoneyTotals & { readonly source: string }>>;
  /** Keyed `<day>|<currency>`: sales on the day they occurred, refunds on the day they were recorded. */
  readonly byDay: Readonly<Record<string, MoneyTotals & { readonly day: string }>>;
  /** Keyed by currency. */
  readonly totals: Readonly<Record<string, MoneyTotals>>;
  /** Keyed by UTC day. */
  readonly tokensByDay: Readonly<Record<string, TokenTotals & { readonly day: string }>>;
  readonly tokens: TokenTotals;
}

export const noTokens: TokenTotals = { inputTokens: 0, outputTokens: 0, totalTokens: 0, costMicroUsd: 0 };

/** Every difference between two sets of figures, as `path: projected vs recomputed`. */
export interface LedgerDifference {
  readonly path: string;
  readonly projected: unknown;
  readonly recomputed: unknown;
}

export const compareFigures = (projected: LedgerFigures, recomputed: LedgerFigures): LedgerDifference[] => {
  const differences: LedgerDifference[] = [];
  const walk = (path: string, a: unknown, b: unknown) => {
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys) walk(path ? `${path}.${k}` : k, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    } else if (a !== b) differences.push({ path, projected: a, recomputed: b });
  };
  walk('', projected, recomputed);
  return differences;
};
