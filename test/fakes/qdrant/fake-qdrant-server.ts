import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small in-memory stand-in for the Qdrant REST API, for testing through the real `@qdrant/js-client-rest`. It
 * implements the endpoints that client calls for swarmlog (1.18): collection exists/get/create/delete, points
 * upsert and delete, and points query (plus the older points search), with cosine scoring and the filter
 * conditions used (match value/any, range) under must/should/must_not. Anything else answers 404 and is recorded.
 */
export interface FakePoint {
  readonly id: string | number;
  readonly vector: number[];
  readonly payload: Record<string, unknown>;
}

export interface FakeCollection {
  readonly size: number;
  readonly distance: string;
  readonly points: Map<string, FakePoint>;
}

export interface FakeQdrant {
  readonly url: string;
  readonly collections: Map<string, FakeCollection>;
  /** `METHOD /path` of every request, in order. */
  readonly requests: string[];
  /** Requests the fake does not implement (a test expects none). */
  readonly unhandled: string[];
  close(): Promise<void>;
}

type Condition = { key?: string; match?: { value?: unknown; any?: unknown[]; except?: unknown[] }; range?: { gt?: number; gte?: number; lt?: number; lte?: number } };
type Filter = { must?: Condition[] | Condition; should?: Condition[] | Condition; must_not?: Condition[] | Condition };

const list = <T>(x: T[] | T | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

const matches = (payload: Record<string, unknown>, c: Condition): boolean => {
  const value = payload[c.key ?? ''];
  const values = Array.isArray(value) ? value : [value];
  if (c.match) {
    if ('value' in c.match) return values.includes(c.match.value);
    if (c.match.any) return values.some((v) => c.match!.any!.includes(v));
    if (c.match.except) return !values.some((v) => c.match!.except!.includes(v));
  }
  if (c.range) {
    const r = c.range;
    return values.some((v) => typeof v === 'number' && (r.gt === undefined || v > r.gt) && (r.gte === undefined || v >= r.gte) && (r.lt === undefined || v < r.lt) && (r.lte === undefined || v <= r.lte));
  }
  return false;
};

const passes = (payload: Record<string, unknown>, filter: Filter | undefined): boolean => {
  if (!filter) return true;
  const should = list(filter.should);
  return (
    list(filter.must).every((c) => matches(payload, c)) &&
    (should.length === 0 || should.some((c) => matches(payload, c))) &&
    !list(filter.must_not).some((c) => matches(payload, c))
  );
};

const normalise = (v: number[]) => {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
};

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const startFakeQdrant = async (): Promise<FakeQdrant> => {
  const collections = new Map<string, FakeCollection>();
  const requests: string[] = [];
  const unhandled: string[] = [];
  let operation = 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const ok = (res: ServerResponse, result: unknown) => send(res, 200, { result, status: 'ok', time: 0.0001 });
  const fail = (res: ServerResponse, status: number, error: string) => send(res, status, { status: { error }, time: 0 });
  const body = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  const scored = (c: FakeCollection, query: number[], filter: Filter | undefined, limit: number, withPayload: unknown) => {
    const q = normalise(query);
    return [...c.points.values()]
      .filter((p) => passes(p.payload, filter))
      .map((p) => ({ p, score: p.vector.reduce((s, x, i) => s + x * q[i]!, 0) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map(({ p, score }) => ({
        id: p.id,
        version: operation,
        score,
        payload:
          withPayload === true ? p.payload : Array.isArray(withPayload) ? Object.fromEntries(withPayload.map((k: string) => [k, p.payload[k]])) : null,
      }));
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    requests.push(`${req.method} ${path}`);
    const [, root, name, sub, action] = path.split('/');
    const c = name ? collections.get(name) : undefined;
    const missing = () => fail(res, 404, `Not found: Collection \`${name}\` doesn't exist!`);
    try {
      if (req.method === 'GET' && path === '/') return send(res, 200, { title: 'qdrant - vector search engine (fake)', version: '1.18.0' });
      if (root !== 'collections' || !name) throw new Error('unhandled');
      if (req.method === 'GET' && sub === 'exists') return ok(res, { exists: collections.has(name) });
      if (sub === undefined) {
        if (req.method === 'GET') {
          if (!c) return missing();
          return ok(res, {
            status: 'green',
            optimizer_status: 'ok',
            points_count: c.points.size,
            indexed_vectors_count: 0,
            segments_count: 1,
            config: {
              params: { vectors: { size: c.size, distance: c.distance }, shard_number: 1, replication_factor: 1, write_consistency_factor: 1, on_disk_payload: true },
              hnsw_config: { m: 16, ef_construct: 100, full_scan_threshold: 10000 },
              optimizer_config: {},
              wal_config: { wal_capacity_mb: 32, wal_segments_ahead: 0 },
            },
            payload_schema: {},
          });
        }
        if (req.method === 'PUT') {
          if (collections.has(name)) return fail(res, 409, `Wrong input: Collection \`${name}\` already exists!`);
          const vectors = (await body(req)).vectors as { size: number; distance: string };
          if (!vectors || typeof vectors.size !== 'number') return fail(res, 400, 'Bad request: vectors config is required');
          collections.set(name, { size: vectors.size, distance: vectors.distance, points: new Map() });
          return ok(res, true);
        }
        if (req.method === 'DELETE') return ok(res, collections.delete(name));
      }
      if (sub === 'points') {
        if (!c) return missing();
        const b = await body(req);
        if (req.method === 'PUT' && action === undefined) {
          for (const p of b.points as FakePoint[]) {
            if (!(typeof p.id === 'number' || uuid.test(String(p.id)))) return fail(res, 400, `Bad request: Unable to parse UUID: ${p.id}`);
            if (p.vector.length !== c.size) return fail(res, 400, `Wrong input: Vector dimension error: expected dim: ${c.size}, got ${p.vector.length}`);
            c.points.set(String(p.id), { id: p.id, vector: c.distance === 'Cosine' ? normalise(p.vector) : p.vector, payload: p.payload ?? {} });
          }
          return ok(res, { operation_id: ++operation, status: url.searchParams.get('wait') === 'true' ? 'completed' : 'acknowledged' });
        }
        if (req.method === 'POST' && action === 'delete') {
          for (const id of (b.points as (string | number)[]) ?? []) c.points.delete(String(id));
          return ok(res, { operation_id: ++operation, status: 'completed' });
        }
        if (req.method === 'POST' && action === 'query') {
          const query = b.query as number[];
          if (!Array.isArray(query) || query.length !== c.size) return fail(res, 400, `Wrong input: query must be a vector of ${c.size} numbers`);
          return ok(res, { points: scored(c, query, b.filter as Filter | undefined, (b.limit as number) ?? 10, b.with_payload ?? false) });
        }
        if (req.method === 'POST' && action === 'search') {
          return ok(res, scored(c, b.vector as number[], b.filter as Filter | undefined, (b.limit as number) ?? 10, b.with_payload ?? false));
        }
      }
      throw new Error('unhandled');
    } catch (e) {
      if ((e as Error).message !== 'unhandled') return fail(res, 500, `Service internal error: ${(e as Error).message}`);
      unhandled.push(`${req.method} ${path}`);
      return fail(res, 404, `fake Qdrant does not implement ${req.method} ${path}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    collections,
    requests,
    unhandled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
