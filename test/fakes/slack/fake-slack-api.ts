// A local stand-in for Slack's Web API (through SLACK_API_URL) and its Socket Mode WebSocket: it records
// chat.postMessage, chat.update, chat.postEphemeral and views.open, answers auth.test and apps.connections.open,
// keeps the channel's messages (with their metadata) for conversations.history/replies, and can be made to answer
// 429 with Retry-After or to be unreachable. The product never imports it: it only knows a base URL.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SlackCall {
  readonly method: string;
  readonly token?: string;
  readonly args: Record<string, any>;
  readonly at: number;
}

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks?: any[];
  readonly thread_ts?: string;
  readonly metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

const parseArgs = (req: IncomingMessage, body: string): Record<string, any> => {
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/json')) return body ? JSON.parse(body) : {};
  const args: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    // The Web API client sends objects and arrays (blocks, metadata, view) as JSON strings in form fields.
    args[k] = /^[[{]/.test(v) ? (() => { try { return JSON.parse(v); } catch { return v; } })() : v;
  }
  return args;
};

export const startFakeSlack = async (options: { botToken?: string; appToken?: string } = {}) => {
  const botToken = options.botToken ?? 'xoxb-test-bot-token';
  const appToken = options.appToken ?? 'xapp-test-app-token';
  const calls: SlackCall[] = [];
  const messages: StoredMessage[] = [];
  let seq = 0;
  let rateLimits: { remaining: number; retryAfter: number } = { remaining: 0, retryAfter: 1 };
  const sockets = new Set<Socket>();
  const wsClients = new Set<WebSocket>();
  const pendingAcks = new Map<string, (payload: any) => void>();
  let envelopeSeq = 0;

  const answer = (method: string, token: string | undefined, args: Record<string, any>): Record<string, any> => {
    const isApp = method === 'apps.connections.open';
    if (token !== (isApp ? appToken : botToken)) return { ok: false, error: token ? 'invalid_auth' : 'not_authed' };
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.test/', team: 'Fake Team', team_id: 'T0FAKE', user: 'swarmbot', user_id: 'UBOT', bot_id: 'BBOT' };
      case 'apps.connections.open':
        return { ok: true, url: `ws://127.0.0.1:${port()}/socket?ticket=${++seq}` };
      case 'chat.postMessage': {
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
        const m: StoredMessage = { channel: args.channel, ts, text: args.text ?? '', ...(args.blocks ? { blocks: args.blocks } : {}), ...(args.thread_ts ? { thread_ts: args.thread_ts } : {}), ...(args.metadata ? { metadata: args.metadata } : {}) };
        messages.push(m);
        return { ok: true, channel: args.channel, ts, message: m };
      }
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}` };
      case 'views.open':
        return { ok: true, view: { id: `V${++seq}`, ...args.view } };
      case 'conversations.history':
        return { ok: true, messages: messages.filter((m) => m.channel === args.channel && !m.thread_ts).reverse(), has_more: false };
      case 'conversations.replies':
        return { ok: true, messages: messages.filter((m) => m.channel === args.channel && (m.ts === args.ts || m.thread_ts === args.ts)), has_more: false };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const handler = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
      const args = parseArgs(req, body);
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
      if (rateLimits.remaining > 0 && method !== 'auth.test') {
        rateLimits = { ...rateLimits, remaining: rateLimits.remaining - 1 };
        calls.push({ method: `${method}#429`, ...(token ? { token } : {}), args, at: Date.now() });
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(rateLimits.retryAfter) });
        res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      calls.push({ method, ...(token ? { token } : {}), args, at: Date.now() });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(method, token, args)));
    });
  };

  let server: Server = createServer(handler);
  let wss = new WebSocketServer({ noServer: true });
  const attach = (s: Server) => {
    s.on('connection', (sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
    });
    s.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
  };
  const onSocket = (ws: WebSocket) => {
    wsClients.add(ws);
    ws.on('close', () => wsClients.delete(ws));
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as { envelope_id?: string; payload?: unknown };
      if (ack.envelope_id) pendingAcks.get(ack.envelope_id)?.(ack.payload ?? {});
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'AFAKE' } }));
  };
  wss.on('connection', onSocket);
  // Slack pings its Socket Mode clients; without pings the client gives the connection up.
  const pinger = setInterval(() => wsClients.forEach((ws) => ws.ping()), 5_000);
  attach(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const fixedPort = (server.address() as AddressInfo).port;
  const port = () => fixedPort;

  return {
    url: `http://127.0.0.1:${fixedPort}/api/`,
    botToken,
    appToken,
    calls,
    messages,
    /** Recorded calls of one method, in order. */
    callsOf: (method: string) => calls.filter((c) => c.method === method),
    /** The next `count` calls (except auth.test) get 429 with `Retry-After: seconds`. */
    rateLimit: (count: number, seconds: number) => {
      rateLimits = { remaining: count, retryAfter: seconds };
    },
    /** Unreachable: the port refuses connections until `up()`. */
    down: async () => {
      for (const ws of wsClients) ws.terminate();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
    up: async () => {
      server = createServer(handler);
      attach(server);
      await new Promise<void>((r) => server.listen(fixedPort, '127.0.0.1', r));
    },
    socketClients: () => wsClients.size,
    /** Sends a Socket Mode envelope to the connected app and resolves with its ack's payload. */
    sendEnvelope: (type: string, payload: unknown, timeoutMs = 20_000): Promise<any> => {
      const [ws] = wsClients;
      if (!ws) return Promise.reject(new Error('no Socket Mode client is connected'));
      const envelopeId = `env-${++envelopeSeq}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${envelopeId}`)), timeoutMs);
        pendingAcks.set(envelopeId, (p) => {
          clearTimeout(timer);
          pendingAcks.delete(envelopeId);
          resolve(p);
        });
        ws.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
      });
    },
    close: async () => {
      clearInterval(pinger);
      for (const ws of wsClients) ws.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
};

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;
