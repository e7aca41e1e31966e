import { isLeft } from 'fp-ts/lib/Either.js';
import { saleFromJson, type GumroadSale } from './gumroad-sale-json.js';
import { jsonRequest } from '../publishing/json-client.js';
import { isUnavailableError, ServiceError, withBackoff } from '../publishing/service-errors.js';

export type { GumroadSale } from './gumroad-sale-json.js';

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
      const sale = saleFromJson(raw);
      if (isLeft(sale)) malformed.push(sale.left);
      else sales.push(sale.right);
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
  const sale = saleFromJson(answer.sale);
  if (isLeft(sale)) throw new ServiceError('Gumroad', 502, `sale ${id}: ${sale.left.reason}`);
  return sale.right;
};
