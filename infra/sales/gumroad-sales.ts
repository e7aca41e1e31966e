import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describeValidationError } from '../../domain/decode.js';
import { jsonRequest } from '../publishing/json-client.js';
import { isUnavailableError, ServiceError, withBackoff } from '../publishing/service-errors.js';

/** The fields of a Gumroad sale (GET /v2/sales, sale JSON version 2) that the ledger needs. */
export const GumroadSaleCodec = t.intersection([
  t.type({
    id: t.string,
    product_name: t.string,
    /** The price paid, in the currency's minor units (cents). */
    price: t.refinement(t.number, Number.isSafeInteger, 'a whole number of cents'),
    currency: t.refinement(t.string, (c) => /^[A-Za-z]{3}$/.test(c), 'a 3-letter currency code'),
    created_at: t.refinement(t.string, (s) => !Number.isNaN(Date.parse(s)), 'a time'),
  }),
  t.partial({
    product_id: t.string,
    refunded: t.boolean,
    partially_refunded: t.boolean,
    /** Cents refunded so far (a partial refund); a full refund may give only `refunded: true`. */
    amount_refunded: t.refinement(t.number, Number.isSafeInteger, 'a whole number of cents'),
  }),
]);
export type GumroadSale = t.TypeOf<typeof GumroadSaleCodec>;

export interface SalesPage {
  readonly sales: readonly GumroadSale[];
  /** Sales the page held that do not decode: skipped, with the reason. */
  readonly malformed: readonly { readonly id?: string; readonly reason: string }[];
}

/**
 * Every sale since `after` (YYYY-MM-DD; all when undefined), page by page (`page_key`), from Gumroad's API at
 * `apiUrl` with the access token. A page the service will not give after retries with backoff throws.
 */
export async function* gumroadSalesPages(apiUrl: string, token: string, after?: string): AsyncGenerator<SalesPage> {
  let pageKey: string | undefined;
  const api = apiUrl.replace(/\/+$/, '');
  do {
    const query = new URLSearchParams({ ...(after ? { after } : {}), ...(pageKey ? { page_key: pageKey } : {}) }).toString();
    const page = await withBackoff(
      () => jsonRequest<{ success?: boolean; message?: string; sales?: unknown[]; next_page_key?: string }>('Gumroad', `${api}/sales${query ? `?${query}` : ''}`, { token }),
      isUnavailableError,
      { attempts: 4 },
    );
    if (page.success === false || !Array.isArray(page.sales)) throw new ServiceError('Gumroad', 502, page.message ?? 'the sales page has no sales list');
    const sales: GumroadSale[] = [];
    const malformed: { id?: string; reason: string }[] = [];
    for (const raw of page.sales) {
      const decoded = GumroadSaleCodec.decode(raw);
      if (isLeft(decoded)) {
        const id = (raw as { id?: unknown } | null)?.id;
        const problem = describeValidationError(decoded.left[0]!);
        malformed.push({ ...(typeof id === 'string' ? { id } : {}), reason: `${problem.field}: ${problem.message}` });
      } else sales.push(decoded.right);
    }
    yield { sales, malformed };
    pageKey = page.next_page_key || undefined;
  } while (pageKey);
}

/**
 * One sale by its id (`GET /v2/sales/:id`): what Gumroad itself says about it, so a sale notification (which is not
 * signed) is never taken at its word. `undefined` when Gumroad has no such sale; bad data or Gumroad down after
 * retries throws (a `ServiceError`).
 */
export const gumroadSale = async (apiUrl: string, token: string, id: string): Promise<GumroadSale | undefined> => {
  const api = apiUrl.replace(/\/+$/, '');
  let answer: { success?: boolean; message?: string; sale?: unknown };
  try {
    answer = await withBackoff(
      () => jsonRequest<{ success?: boolean; message?: string; sale?: unknown }>('Gumroad', `${api}/sales/${encodeURIComponent(id)}`, { token }),
      isUnavailableError,
      { attempts: 4 },
    );
  } catch (e) {
    if (e instanceof ServiceError && e.status === 404) return undefined;
    throw e;
  }
  if (answer.success === false) return undefined;
  const decoded = GumroadSaleCodec.decode(answer.sale);
  if (isLeft(decoded)) {
    const problem = describeValidationError(decoded.left[0]!);
    throw new ServiceError('Gumroad', 502, `sale ${id}: ${problem.field}: ${problem.message}`);
  }
  return decoded.right;
};
