import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a fake service saw it. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly raw: Buffer;
  /** The body parsed as JSON (or as a form), when it is one. */
  readonly body: Record<string, unknown>;
}

export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type FakeRoute = (req: FakeRequest, match: RegExpExecArray) => FakeReply | Promise<FakeReply>;

export interface RestFake {
  readonly url: string;
  /** `METHOD /path` of every request, in order. */
  readonly log: string[];
  /** Requests no route took (a test expects none). */
  readonly unhandled: string[];
  /** While true, every request answers 503 (the service is down). */
  down: boolean;
  close(): Promise<void>;
}

const parseBody = (raw: Buffer, type: string | undefined): Record<string, unknown> => {
  if (raw.length === 0) return {};
  if (type?.includes('application/json')) return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  if (type?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  return {};
};

/**
 * A local HTTP server with a table of `METHOD regex` routes: the shared skeleton of the fake GitHub, Gumroad and
 * Vercel APIs (each fake keeps its own state and routes).
 */
export const startRestFake = async (routes: readonly [string, RegExp, FakeRoute][]): Promise<RestFake> => {
  const log: string[] = [];
  const unhandled: string[] = [];
  const state = { down: false };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    log.push(`${method} ${url.pathname}`);
    const send = (reply: FakeReply) => {
      const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...(reply.headers ?? {}) });
      res.end(body);
    };
    if (state.down) return send({ status: 503, body: { message: 'the fake service is down' } });
    for (const [m, pattern, route] of routes) {
      const match = m === method ? pattern.exec(url.pathname) : null;
      if (!match) continue;
      return send(await route({ method, path: url.pathname, query: url.searchParams, headers: req.headers, raw, body: parseBody(raw, req.headers['content-type']) }, match));
    }
    unhandled.push(`${method} ${url.pathname}`);
    return send({ status: 404, body: { message: 'Not Found (the fake has no such route)' } });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: String(e) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    unhandled,
    get down() {
      return state.down;
    },
    set down(v: boolean) {
      state.down = v;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

/** The bearer (or `token`) credential of a request, or the `access_token` parameter. */
export const credentialOf = (req: FakeRequest): string | undefined => {
  const header = String(req.headers.authorization ?? '');
  const match = /^(?:Bearer|token)\s+(.+)$/i.exec(header);
  return match?.[1] ?? req.query.get('access_token') ?? (typeof req.body.access_token === 'string' ? req.body.access_token : undefined);
};
