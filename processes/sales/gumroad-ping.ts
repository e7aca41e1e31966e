import { gumroadSale } from '../../infra/sales/gumroad-sales.js';
import { failureOf } from '../../infra/publishing/service-errors.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import { recordGumroadSale } from './sync-gumroad-sales.js';

/** What a Gumroad sale notification came to. */
export type PingOutcome =
  | { readonly status: 'recorded' | 'already_recorded'; readonly saleId: string; readonly refunded: boolean }
  /** Gumroad has no such sale: a notification nobody should act on. */
  | { readonly status: 'unknown_sale'; readonly saleId: string }
  /** The ledger refused the sale (it disagrees with the one it has under the same id). */
  | { readonly status: 'refused'; readonly saleId: string; readonly reason: string }
  /** Gumroad could not be asked (no token, a token it refuses, down after retries): the hourly sync catches up. */
  | { readonly status: 'unavailable'; readonly saleId: string; readonly message: string; readonly setting?: string };

const caller: CommandCaller = { actor: { kind: 'system', id: 'gumroad-ping' } };

/**
 * A Gumroad sale notification ("Ping"): it is not signed, so nothing in it is believed but the sale's id. The sale is
 * read back from Gumroad's API and recorded as the sales sync records it (once, by its id, refunds included).
 */
export const receiveGumroadPing = async (runtime: SwarmRuntime, o: { apiUrl: string; token: string | undefined; saleId: string }): Promise<PingOutcome> => {
  const { saleId } = o;
  if (!o.token) return { status: 'unavailable', saleId, setting: 'GUMROAD_ACCESS_TOKEN', message: 'GUMROAD_ACCESS_TOKEN is not set: the sale cannot be read back from Gumroad' };
  let sale;
  try {
    sale = await gumroadSale(o.apiUrl, o.token, saleId);
  } catch (e) {
    const failure = failureOf(e, 'Gumroad', 'GUMROAD_ACCESS_TOKEN');
    return { status: 'unavailable', saleId, message: failure.message, ...(failure.setting ? { setting: failure.setting } : {}) };
  }
  if (!sale) return { status: 'unknown_sale', saleId };
  const outcome = await recordGumroadSale(runtime, caller, sale);
  if (outcome.refused) return { status: 'refused', saleId, reason: outcome.refused };
  return { status: outcome.recorded ? 'recorded' : 'already_recorded', saleId, refunded: outcome.refunded };
};
