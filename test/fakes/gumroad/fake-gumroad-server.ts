import { credentialOf, startRestFake, type FakeReply, type FakeRequest, type RestFake } from '../rest/rest-fake-server.js';

/**
 * A local stand-in for Gumroad's API v2 (as antiwork/gumroad serves it): products (GET /products paged by page_key,
 * POST /products creating a draft with price in cents and files, PUT /products/:id/enable), direct file uploads
 * (POST /files/presign → PUT each part to its presigned URL → POST /files/complete), and sales (GET /sales with
 * `after` as YYYY-MM-DD and `page_key`, newest first; GET /sales/:id), with refunds on the sale. Bearer token or
 * `access_token` checked: 401 otherwise.
 */
export interface FakeGumroadProduct {
  id: string;
  name: string;
  description: string;
  price: number;
  custom_permalink: string;
  files: { url: string; display_name: string }[];
  published: boolean;
}

export interface FakeSale {
  id: string;
  product_id: string;
  product_name: string;
  /** Cents. */
  price: number;
  /** Not in Gumroad's own sale JSON (whose `price` is US cents); tests push both shapes. */
  currency?: string;
  created_at: string;
  refunded?: boolean;
  partially_refunded?: boolean;
  /** Cents refunded so far. */
  amount_refunded?: number;
}

export interface FakeGumroad extends RestFake {
  readonly products: FakeGumroadProduct[];
  readonly sales: (FakeSale | Record<string, unknown>)[];
  /** Bytes stored per completed upload key. */
  readonly storedFiles: Map<string, Buffer>;
}

export const startFakeGumroad = async (options: { token: string; pageSize?: number }): Promise<FakeGumroad> => {
  const pageSize = options.pageSize ?? 10;
  const products: FakeGumroadProduct[] = [];
  const sales: FakeGumroad['sales'] = [];
  const parts = new Map<string, Buffer[]>();
  const storedFiles = new Map<string, Buffer>();
  const base = { url: '' };
  let nextId = 1;
  const guard = (req: FakeRequest): FakeReply | undefined =>
    credentialOf(req) === options.token ? undefined : { status: 401, body: { success: false, message: 'The access token is invalid' } };
  const productJson = (p: FakeGumroadProduct) => ({ ...p, short_url: `${base.url}/l/${p.custom_permalink}` });
  const page = <A>(items: A[], req: FakeRequest) => {
    const start = Number(req.query.get('page_key') ?? 0);
    const slice = items.slice(start, start + pageSize);
    const more = start + pageSize < items.length;
    return { slice, more: more ? { next_page_key: String(start + pageSize), next_page_url: `/v2/sales?page_key=${start + pageSize}` } : {} };
  };
  const fake = await startRestFake([
    ['GET', /^\/v2\/products$/, (req) => {
      const denied = guard(req);
      if (denied) return denied;
      const p = page([...products].reverse(), req);
      return { status: 200, body: { success: true, products: p.slice.map(productJson), ...p.more } };
    }],
    ['POST', /^\/v2\/products$/, (req) => {
      const denied = guard(req);
      if (denied) return denied;
      const b = req.body;
      if (typeof b.name !== 'string' || !b.name) return { status: 200, body: { success: false, message: 'Name is required' } };
      const files = Array.isArray(b.files) ? (b.files as { url: string; display_name: string }[]) : [];
      if (files.some((f) => !storedFiles.has(f.url))) return { status: 200, body: { success: false, message: 'File URLs must reference your own uploaded files.' } };
      const product: FakeGumroadProduct = {
        id: `prod_${nextId++}`,
        name: b.name,
        description: String(b.description ?? ''),
        price: Number(b.price ?? 0),
        custom_permalink: String(b.custom_permalink ?? `p${nextId}`),
        files,
        published: false,
      };
      products.push(product);
      return { status: 200, body: { success: true, product: productJson(product) } };
    }],
    ['PUT', /^\/v2\/products\/([^/]+)\/enable$/, (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      const product = products.find((p) => p.id === m[1]);
      if (!product) return { status: 404, body: { success: false, message: 'The product was not found.' } };
      product.published = true;
      return { status: 200, body: { success: true, product: productJson(product) } };
    }],
    ['POST', /^\/v2\/files\/presign$/, (req) => {
      const denied = guard(req);
      if (denied) return denied;
      const size = Number(req.body.file_size ?? 0);
      if (!req.body.filename || size <= 0) return { status: 400, body: { success: false, message: 'filename and file_size are required' } };
      const key = `attachments/u1/${nextId++}/original/${String(req.body.filename)}`;
      const count = Math.max(1, Math.ceil(size / 4096));
      parts.set(key, []);
      return {
        status: 200,
        body: { success: true, upload_id: `up-${nextId}`, key, file_url: `${base.url}/files/${key}`, parts: Array.from({ length: count }, (_, i) => ({ part_number: i + 1, presigned_url: `${base.url}/storage/${encodeURIComponent(key)}/${i + 1}` })) },
      };
    }],
    ['PUT', /^\/storage\/([^/]+)\/(\d+)$/, (req, m) => {
      const key = decodeURIComponent(m[1]!);
      const stored = parts.get(key);
      if (!stored) return { status: 404, body: { message: 'NoSuchUpload' } };
      stored[Number(m[2]) - 1] = req.raw;
      return { status: 200, body: {}, headers: { etag: `"etag-${m[2]}"` } };
    }],
    ['POST', /^\/v2\/files\/complete$/, (req) => {
      const denied = guard(req);
      if (denied) return denied;
      const key = String(req.body.key ?? '');
      const stored = parts.get(key);
      if (!stored || !Array.isArray(req.body.parts) || req.body.parts.length !== stored.length) return { status: 400, body: { success: false, message: 'parts is required' } };
      const url = `${base.url}/files/${key}`;
      storedFiles.set(url, Buffer.concat(stored));
      return { status: 200, body: { success: true, file_url: url } };
    }],
    ['GET', /^\/v2\/sales$/, (req) => {
      const denied = guard(req);
      if (denied) return denied;
      const after = req.query.get('after');
      if (after && !/^\d{4}-\d{2}-\d{2}$/.test(after)) return { status: 400, body: { success: false, message: "Invalid date format provided in field 'after'. Dates must be in the format YYYY-MM-DD." } };
      const chosen = sales
        .filter((s) => !after || typeof s.created_at !== 'string' || Date.parse(s.created_at) >= Date.parse(`${after}T00:00:00Z`))
        .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)));
      const p = page(chosen, req);
      return { status: 200, body: { success: true, sales: p.slice, ...p.more } };
    }],
    ['GET', /^\/v2\/sales\/([^/]+)$/, (req, m) => {
      const denied = guard(req);
      if (denied) return denied;
      const sale = sales.find((s) => s.id === m[1]);
      return sale ? { status: 200, body: { success: true, sale } } : { status: 404, body: { success: false, message: 'The sale was not found.' } };
    }],
  ]);
  base.url = fake.url;
  return Object.assign(fake, { products, sales, storedFiles }) as FakeGumroad;
};
