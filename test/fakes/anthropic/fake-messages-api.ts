/**
 * A local fake of the Anthropic Messages API (POST /v1/messages) for the `anthropic` driver's tests, spoken to by the
 * real `@anthropic-ai/sdk`. The scenario is the `scenario:<name>` word in the first user message:
 * - `tools`: a scripted agent — write_file, then read_file + list_files, then a `swarm` call, then two bad tool calls
 *   (missing field, path escaping the workspace), then end_turn;
 * - `rate-limit`: 429 with retry-after and anthropic-ratelimit-* headers; `rate-limit-reset`: 429 without retry-after;
 * - `hang`: never answers; `loop`: asks for list_files forever (for the turn cap);
 * - a name of `options.scripts`: that test's own script, one response per model turn (the last one repeats);
 * - anything else: one end_turn answer.
 * Every request is kept (headers and body) for the tests to inspect.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: {
    model: string;
    max_tokens: number;
    system?: string;
    tools?: { name: string }[];
    messages: { role: string; content: unknown }[];
  };
}

export interface FakeMessagesApi {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  readonly close: () => Promise<void>;
}

export interface FakeApiOptions {
  /** The swarm call the `tools` scenario makes. */
  readonly swarmCall?: { bin: string; args: string[] };
  /** The reset the 429 scenarios announce. */
  readonly resetAt?: string;
  /** Scripted scenarios of a test: scenario name → the responses of turns 1, 2, … */
  readonly scripts?: Readonly<Record<string, readonly ScriptedTurn[]>>;
}

/** One scripted response: its content blocks (text, tool_use) and why it stops. */
export interface ScriptedTurn {
  readonly content: readonly unknown[];
  readonly stopReason: 'tool_use' | 'end_turn';
}

const usage = { input_tokens: 1000, output_tokens: 200, cache_creation_input_tokens: 100, cache_read_input_tokens: 400 };

const message = (model: string, content: unknown[], stopReason: string) => ({
  id: `msg_fake_${Math.random().toString(36).slice(2, 10)}`,
  type: 'message',
  role: 'assistant',
  model,
  content,
  stop_reason: stopReason,
  stop_sequence: null,
  usage,
});

export const toolUse = (id: string, name: string, input: unknown) => ({ type: 'tool_use', id, name, input });

/** The key the client sent: older SDKs use `x-api-key`, newer ones `Authorization: Bearer`. */
export const apiKeyOf = (headers: IncomingHttpHeaders): string | undefined => {
  const header = headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  return /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
};

const firstUserText = (body: RecordedRequest['body']): string => {
  const first = body.messages[0]?.content;
  return typeof first === 'string' ? first : JSON.stringify(first ?? '');
};

export const startFakeMessagesApi = async (options: FakeApiOptions = {}): Promise<FakeMessagesApi> => {
  const requests: RecordedRequest[] = [];
  const resetAt = options.resetAt ?? '2026-03-10T17:00:00Z';
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as RecordedRequest['body'];
      requests.push({ headers: req.headers, body });
      const send = (status: number, payload: unknown, headers: Record<string, string> = {}) =>
        res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_fake_${requests.length}`, ...headers }).end(JSON.stringify(payload));
      if (!apiKeyOf(req.headers)) {
        send(401, { type: 'error', error: { type: 'authentication_error', message: 'an API key is required (x-api-key or Authorization: Bearer)' } });
        return;
      }
      const scenario = /scenario:([a-z0-9-]+)/i.exec(firstUserText(body))?.[1] ?? 'normal';
      const turn = body.messages.filter((m) => m.role === 'assistant').length;
      const script = options.scripts?.[scenario];
      if (script && script.length > 0) {
        const step = script[Math.min(turn, script.length - 1)]!;
        send(200, message(body.model, [...step.content], step.stopReason));
        return;
      }
      switch (scenario) {
        case 'rate-limit':
        case 'rate-limit-reset': {
          const headers: Record<string, string> = {
            'anthropic-ratelimit-requests-limit': '50',
            'anthropic-ratelimit-requests-remaining': '0',
            'anthropic-ratelimit-requests-reset': resetAt,
            'anthropic-ratelimit-tokens-remaining': '12000',
            'anthropic-ratelimit-tokens-reset': '2026-03-10T16:21:00Z',
          };
          if (scenario === 'rate-limit') headers['retry-after'] = '90';
          send(429, { type: 'error', error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' } }, headers);
          return;
        }
        case 'hang':
          return; // never answers; the client's abort closes the socket
        case 'loop':
          send(200, message(body.model, [toolUse(`toolu_loop_${turn}`, 'list_files', {})], 'tool_use'));
          return;
        case 'tools': {
          const script = [
            () => message(body.model, [{ type: 'text', text: 'I will write a plan first.' }, toolUse('toolu_1', 'write_file', { path: 'notes/plan.md', content: '# Plan\n- "quoted" $(not run); fine\n' })], 'tool_use'),
            () => message(body.model, [toolUse('toolu_2', 'read_file', { path: 'notes/plan.md' }), toolUse('toolu_3', 'list_files', { recursive: true })], 'tool_use'),
            () => message(body.model, [toolUse('toolu_4', 'swarm', options.swarmCall ?? { bin: 'swarm', args: ['events'] })], 'tool_use'),
            () => message(body.model, [toolUse('toolu_5', 'read_file', { offset: 3 }), toolUse('toolu_6', 'write_file', { path: '../escape.txt', content: 'x' })], 'tool_use'),
            () => message(body.model, [{ type: 'text', text: 'Done: plan written and recorded.' }], 'end_turn'),
          ];
          send(200, (script[turn] ?? script[script.length - 1]!)());
          return;
        }
        default:
          send(200, message(body.model, [{ type: 'text', text: 'Nothing to do.' }], 'end_turn'));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
