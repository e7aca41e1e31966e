import { isLeft } from 'fp-ts/lib/Either.js';
import { saleStream } from '../../domain/income/index.js';
import { gumroadSalesPages, type GumroadSale } from '../../infra/sales/gumroad-sales.js';
import { failureOf } from '../../infra/publishing/service-errors.js';
import { recordIncome, refundIncome } from '../commands/income-commands.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';

export interface SalesSyncLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface SalesSyncReport {
  readonly source: 'gumroad';
  readonly after: string | null;
  readonly pages: number;
  readonly seen: number;
  /** Sales appended to the ledger by this sync. */
  readonly recorded: number;
  /** Sales the ledger already had (same id, same data). */
  readonly alreadyRecorded: number;
  /** Refunds (or the refunded part of a sale) appended by this sync. */
  readonly refunds: number;
  /** Sales not recorded, each with why: bad data from the service, or a sale that disagrees with the ledger. */
  readonly skipped: readonly { readonly id?: string; readonly reason: string }[];
}

export type SalesSyncResult = { readonly ok: true; readonly report: SalesSyncReport } | { readonly ok: false; readonly message: string; readonly setting?: string; readonly report: SalesSyncReport };

/** Cents of this sale refunded in the ledger so far. */
const refundedSoFar = async (runtime: SwarmRuntime, saleId: string): Promise<number> => {
  const history = await runtime.log.readStream(saleStream('gumroad', saleId));
  if (isLeft(history)) return 0;
  return history.right.filter((e) => e.type === 'IncomeRefunded').reduce((sum, e) => sum + Number((e.data as { amountMinor: number }).amountMinor), 0);
};

/** What became of one Gumroad sale in the ledger. */
export interface SaleOutcome {
  /** Appended now (false: the ledger had it already). */
  readonly recorded: boolean;
  /** Why the ledger refused the sale (a sale that disagrees with the one it has under the same id). */
  readonly refused?: string;
  /** A refund appended now (the refunded part Gumroad reports that the ledger did not have). */
  readonly refunded: boolean;
  readonly refundRefused?: string;
}

/**
 * One sale into the ledger, once (idempotent by the sale id: `sale-gumroad-<id>`), as income of its product in
 * integer cents with its currency at the time of the sale; the refunded part Gumroad reports that the ledger does not
 * have yet as a refund, with an id naming that total (so recording it again appends nothing).
 */
export const recordGumroadSale = async (runtime: SwarmRuntime, caller: CommandCaller, sale: GumroadSale): Promise<SaleOutcome> => {
  const recorded = await recordIncome(runtime, caller, {
    source: 'gumroad',
    product: sale.product_name.trim() || sale.product_id || 'unknown product',
    amountMinor: sale.price,
    currency: sale.currency,
    externalId: sale.id,
    occurredAt: new Date(sale.created_at).toISOString(),
  });
  if (isLeft(recorded)) return { recorded: false, refused: recorded.left.message, refunded: false };
  // A refund Gumroad reports in a way that gives no exact cents is not guessed: the sale stands, the refund is skipped.
  if (typeof sale.refundedCents === 'string') return { recorded: recorded.right.recorded, refunded: false, refundRefused: sale.refundedCents };
  const owed = sale.refundedCents - (await refundedSoFar(runtime, sale.id));
  if (owed <= 0) return { recorded: recorded.right.recorded, refunded: false };
  const refunded = await refundIncome(runtime, caller, {
    source: 'gumroad',
    externalId: sale.id,
    amountMinor: owed,
    reason: sale.refunded ? 'refunded on Gumroad' : 'partially refunded on Gumroad',
    refundId: `${sale.id}.refunded-to-${sale.refundedCents}`,
  });
  if (isLeft(refunded)) return { recorded: recorded.right.recorded, refunded: false, refundRefused: refunded.left.message };
  return { recorded: recorded.right.recorded, refunded: refunded.right.recorded };
};

/**
 * Gumroad's sales into the ledger: every sale since `after` (all when undefined), each recorded once as income of
 * its product (idempotent by the sale id: `sale-gumroad-<id>`), in integer cents with its currency, at the time
 * of the sale; the refunded part of a sale as a refund (the difference between what Gumroad says was refunded and
 * what the ledger has, with an id naming that total, so running again appends nothing). A sale that does not
 * decode is skipped and counted; Gumroad down after retries stops the sync with what it recorded so far (each
 * sale is one atomic append, so nothing is half-recorded, and the next sync picks up the rest).
 */
export const syncGumroadSales = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  o: { apiUrl: string; token: string | undefined; after?: string; log?: SalesSyncLog },
): Promise<SalesSyncResult> => {
  const counts = { pages: 0, seen: 0, recorded: 0, alreadyRecorded: 0, refunds: 0 };
  const skipped: { id?: string; reason: string }[] = [];
  const report = (): SalesSyncReport => ({ source: 'gumroad', after: o.after ?? null, ...counts, skipped });
  if (!o.token) return { ok: false, setting: 'GUMROAD_ACCESS_TOKEN', message: 'GUMROAD_ACCESS_TOKEN is not set (environment, .env or the SSM prefix): Gumroad sales cannot be read', report: report() };
  try {
    for await (const page of gumroadSalesPages(o.apiUrl, o.token, o.after)) {
      counts.pages++;
      counts.seen += page.sales.length + page.malformed.length;
      for (const bad of page.malformed) {
        skipped.push(bad);
        o.log?.warn({ source: 'gumroad', saleId: bad.id, reason: bad.reason }, 'a Gumroad sale was skipped: bad data');
      }
      for (const sale of page.sales) {
        const outcome = await recordGumroadSale(runtime, caller, sale);
        if (outcome.refused) {
          skipped.push({ id: sale.id, reason: outcome.refused });
          o.log?.warn({ source: 'gumroad', saleId: sale.id, reason: outcome.refused }, 'a Gumroad sale was skipped: the ledger refused it');
          continue;
        }
        if (outcome.recorded) counts.recorded++;
        else counts.alreadyRecorded++;
        if (outcome.refundRefused) skipped.push({ id: sale.id, reason: `refund: ${outcome.refundRefused}` });
        else if (outcome.refunded) counts.refunds++;
      }
    }
  } catch (e) {
    const failure = failureOf(e, 'Gumroad', 'GUMROAD_ACCESS_TOKEN');
    return { ok: false, message: failure.message, ...(failure.setting ? { setting: failure.setting } : {}), report: report() };
  }
  o.log?.info({ ...report(), skipped: skipped.length }, 'Gumroad sales synced');
  return { ok: true, report: report() };
};
