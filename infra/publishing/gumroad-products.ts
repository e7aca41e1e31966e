import { readFileSync } from 'node:fs';
import { left, right } from 'fp-ts/lib/Either.js';
import type { SecretLookup } from '../secrets/secrets.js';
import { jsonRequest } from './json-client.js';
import { notConfigured, type PlatformAdapter, type ProductFile } from './publication.js';
import { failureOf, isUnavailableError, ServiceError, withBackoff } from './service-errors.js';

export const defaultGumroadApiUrl = 'https://api.gumroad.com/v2';

interface GumroadProduct {
  readonly id: string;
  readonly name: string;
  readonly custom_permalink?: string | null;
  readonly short_url?: string;
  readonly published?: boolean;
}

/** The permalink that names a swarm product on Gumroad: its slug and its approval, so a lookup finds exactly it. */
export const gumroadPermalink = (slug: string, approvalId: string): string =>
  `${slug}-${approvalId.toLowerCase().replace(/[^a-z0-9]/g, '').slice(-8)}`.slice(0, 60);

/**
 * Gumroad through its REST API (`GUMROAD_API_URL`, default https://api.gumroad.com/v2; `GUMROAD_ACCESS_TOKEN`):
 * look the product up by its permalink (every page of GET /products); when it is not there, upload each file
 * (POST /files/presign, PUT each part, POST /files/complete) and create it as a draft with its files and price in
 * cents (POST /products); then publish it (PUT /products/:id/enable). Gumroad's API creates and publishes
 * products with files, so no browser automation is needed (docs/decisions.md).
 */
export const gumroadAdapter = (secret: SecretLookup, settings: { apiUrl?: string }): PlatformAdapter => ({
  platform: 'gumroad',
  publish: async (product) => {
    const token = secret('GUMROAD_ACCESS_TOKEN');
    if (!token) return left(notConfigured('GUMROAD_ACCESS_TOKEN', 'gumroad'));
    const api = (settings.apiUrl || defaultGumroadApiUrl).replace(/\/+$/, '');
    const call = <A>(path: string, init: { method?: string; body?: unknown } = {}) =>
      withBackoff(() => jsonRequest<A & { success?: boolean; message?: string }>('Gumroad', `${api}${path}`, { ...init, token }), isUnavailableError).then((r) => {
        if (r.success === false) throw new ServiceError('Gumroad', 422, r.message ?? 'success: false');
        return r;
      });
    const permalink = gumroadPermalink(product.slug, product.approvalId);
    try {
      let existing: GumroadProduct | undefined;
      let pageKey: string | undefined;
      do {
        const page: { products: GumroadProduct[]; next_page_key?: string } = await call(`/products${pageKey ? `?page_key=${encodeURIComponent(pageKey)}` : ''}`);
        existing = page.products.find((p) => p.custom_permalink === permalink);
        pageKey = existing ? undefined : page.next_page_key;
      } while (pageKey);
      const found = existing !== undefined;
      let created = existing;
      if (!created) {
        const files = [];
        for (const file of product.files) files.push(await uploadFile(call, file));
        const made = await call<{ product: GumroadProduct }>('/products', {
          method: 'POST',
          body: { name: product.name, description: product.description, price: product.priceCents ?? 0, custom_permalink: permalink, files },
        });
        created = made.product;
      }
      if (!created.published) created = (await call<{ product: GumroadProduct }>(`/products/${encodeURIComponent(created.id)}/enable`, { method: 'PUT' })).product;
      return right({ platform: 'gumroad', url: created.short_url ?? `https://gumroad.com/l/${permalink}`, externalId: created.id, found });
    } catch (e) {
      return left(failureOf(e, 'Gumroad', 'GUMROAD_ACCESS_TOKEN'));
    }
  },
});

type Call = <A>(path: string, init?: { method?: string; body?: unknown }) => Promise<A>;

/** One file through Gumroad's direct upload: presign its parts, PUT each, complete; the file's canonical URL. */
const uploadFile = async (call: Call, file: ProductFile): Promise<{ url: string; display_name: string }> => {
  const data = readFileSync(file.absolutePath);
  const presigned = await call<{ upload_id: string; key: string; parts: { part_number: number; presigned_url: string }[] }>('/files/presign', {
    method: 'POST',
    body: { filename: file.path.replace(/\//g, '-'), file_size: Math.max(data.length, 1) },
  });
  const partSize = Math.ceil(Math.max(data.length, 1) / presigned.parts.length);
  const parts = [];
  for (const part of presigned.parts) {
    const chunk = data.subarray((part.part_number - 1) * partSize, part.part_number * partSize);
    // A presigned URL carries its own authorization: no token is sent to the storage host.
    const put = await withBackoff(async () => {
      const r = await fetch(part.presigned_url, { method: 'PUT', body: chunk, signal: AbortSignal.timeout(120_000) });
      if (!r.ok) throw new ServiceError('Gumroad file storage', r.status, await r.text());
      return r;
    }, isUnavailableError);
    parts.push({ part_number: part.part_number, etag: put.headers.get('etag') ?? '' });
  }
  const done = await call<{ file_url: string }>('/files/complete', { method: 'POST', body: { upload_id: presigned.upload_id, key: presigned.key, parts } });
  return { url: done.file_url, display_name: file.path };
};
