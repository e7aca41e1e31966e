/**
 * A scripted model for the real agent CLIs (issue 14): Claude Code and Codex run offline against it, so the drivers'
 * tests run the real executables. It speaks
 * - the Messages API as Claude Code uses it: `POST /v1/messages?beta=true` with `stream: true` (server-sent events:
 *   message_start, content_block_start/delta/stop with text and tool_use blocks, message_delta with the output
 *   usage, message_stop), and the same without streaming (one JSON message);
 * - the Responses API as Codex uses it: `POST /v1/responses` streamed (response.created,
 *   response.output_item.added/done with `message` and `function_call` items, response.completed with usage).
 *
 * A conversation is a script: one entry per model turn (a shell command, a file written, the final answer), chosen by
 * the `script:<name>` word of the run's prompt. Which turn a request asks for is read from the request itself (how
 * many tool results it carries), so the server keeps no session; a turn can first be answered with errors (429 with
 * rate-limit headers, 529, 500, a usage-limit body) a given number of times, as a provider under load does. Every
 * request is kept for the tests (and for finding out what the CLIs send).
 *
 * A shell turn is Claude Code's `Bash` tool and Codex's `exec_command`; a file turn is Claude Code's `Write` tool and,
 * for Codex, `apply_patch` run through `exec_command` (which Codex turns into its own file change).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TurnUsage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number;
  readonly cacheWrite?: number;
}

/** An error answer to a turn, before the turn is played. */
export interface ScriptedFailure {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** The JSON body (default: the API's error shape for the status). */
  readonly body?: unknown;
  /** How many requests for the turn get this answer (default 1; `Infinity`: every one). */
  readonly times?: number;
}

export type ScriptedTurn = (
  | { readonly kind: 'shell'; readonly command: string; readonly description?: string }
  | { readonly kind: 'write'; readonly path: string; readonly content: string }
  | { readonly kind: 'answer'; readonly text: string }
  /** Any other tool of Claude Code by name (`Agent` to start a subagent, say); Codex gets it as a function call. */
  | { readonly kind: 'tool'; readonly name: string; readonly input: Readonly<Record<string, unknown>> }
) & {
  readonly usage?: TurnUsage;
  readonly failFirst?: readonly ScriptedFailure[];
};

export type Script = readonly ScriptedTurn[];

export interface RecordedModelRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
  /** The script and turn it was answered from (undefined: a request outside any script). */
  readonly script?: string;
  readonly turn?: number;
  readonly status: number;
}

export interface ScriptedModelServer {
  readonly url: string;
  readonly requests: RecordedModelRequest[];
  close(): Promise<void>;
}

const defaultUsage: TurnUsage = { input: 1200, output: 80 };

/** The word of the prompt that names the script. */
const scriptNameOf = (text: string): string | undefined => /script:([a-z0-9][a-z0-9-]*)/i.exec(text)?.[1];

const anthropicError = (status: number): unknown => {
  const type =
    status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status === 401 ? 'authentication_error' : 'api_error';
  const message = status === 429 ? 'Number of requests has exceeded your rate limit' : status === 529 ? 'Overloaded' : 'Internal server error';
  return { type: 'error', error: { type, message } };
};

const openaiError = (status: number): unknown => ({
  error: {
    type: status === 429 ? 'rate_limit_exceeded' : 'server_error',
    code: status === 429 ? 'rate_limit_exceeded' : 'server_error',
    message: status === 429 ? 'Rate limit reached for requests' : 'The server had an error while processing your request.',
  },
});

const sse = (res: ServerResponse, events: readonly [string, unknown][]) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': 'req_scripted' });
  for (const [event, data] of events) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  res.end();
};

/** Codex's patch format for a whole new file. */
const newFilePatch = (path: string, content: string): string =>
  ['*** Begin Patch', `*** Add File: ${path}`, ...content.replace(/\n$/, '').split('\n').map((l) => `+${l}`), '*** End Patch'].join('\n');

export interface ScriptedModelOptions {
  /**
   * The script of a conversation whose prompt names none (a run started by `swarm up`, whose prompt is the role's):
   * recorded under the name `default`. Without it such a conversation gets a short answer.
   */
  readonly defaultScript?: Script;
}

export const startScriptedModelServer = async (scripts: Readonly<Record<string, Script>>, options: ScriptedModelOptions = {}): Promise<ScriptedModelServer> => {
  const named = (text: string): string | undefined => scriptNameOf(text) ?? (options.defaultScript ? 'default' : undefined);
  const scriptOf = (name: string | undefined): Script | undefined =>
    name === undefined ? undefined : name === 'default' && !scripts.default ? options.defaultScript : scripts[name];
  const requests: RecordedModelRequest[] = [];
  /** How many failures each (script, turn) has answered so far. */
  const failuresServed = new Map<string, number>();
  let ids = 0;
  const nextId = (prefix: string) => `${prefix}_${String(++ids).padStart(4, '0')}`;

  /** The failure due for this request of a turn, if any are left. */
  const failureFor = (name: string, index: number, turn: ScriptedTurn): ScriptedFailure | undefined => {
    const key = `${name}#${index}`;
    const served = failuresServed.get(key) ?? 0;
    let before = 0;
    for (const failure of turn.failFirst ?? []) {
      const times = failure.times ?? 1;
      if (served < before + times) {
        failuresServed.set(key, served + 1);
        return failure;
      }
      before += times;
    }
    return undefined;
  };

  const fail = (res: ServerResponse, failure: ScriptedFailure, fallbackBody: unknown) => {
    res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
    res.end(JSON.stringify(failure.body ?? fallbackBody));
  };

  const messages = (res: ServerResponse, body: Record<string, unknown>, record: (extra: Partial<RecordedModelRequest>) => void) => {
    const history = Array.isArray(body.messages) ? (body.messages as { role: string; content: unknown }[]) : [];
    const firstUser = history.find((m) => m.role === 'user');
    const name = named(JSON.stringify(firstUser?.content ?? ''));
    const script = scriptOf(name);
    const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
    const model = typeof body.model === 'string' ? body.model : 'claude-sonnet-4-6';
    // A side request (no tools: a title, a summary) or a prompt without a script: a short answer.
    let turn: ScriptedTurn = { kind: 'answer', text: 'OK.', usage: { input: 20, output: 2 } };
    let index: number | undefined;
    if (script && hasTools) {
      index = history.filter((m) => Array.isArray(m.content) && m.content.some((b) => (b as { type?: string }).type === 'tool_result')).length;
      turn = script[Math.min(index, script.length - 1)]!;
      const failure = failureFor(name!, index, turn);
      if (failure) {
        record({ script: name, turn: index, status: failure.status });
        return fail(res, failure, anthropicError(failure.status));
      }
    }
    record({ ...(name !== undefined && index !== undefined ? { script: name, turn: index } : {}), status: 200 });
    const usage = turn.usage ?? defaultUsage;
    const id = nextId('msg');
    const block =
      turn.kind === 'answer'
        ? { type: 'text', text: turn.text }
        : turn.kind === 'shell'
          ? { type: 'tool_use', id: nextId('toolu'), name: 'Bash', input: { command: turn.command, description: turn.description ?? 'Run a command' } }
          : turn.kind === 'write'
            ? { type: 'tool_use', id: nextId('toolu'), name: 'Write', input: { file_path: turn.path, content: turn.content } }
            : { type: 'tool_use', id: nextId('toolu'), name: turn.name, input: turn.input };
    const stopReason = turn.kind === 'answer' ? 'end_turn' : 'tool_use';
    const startUsage = {
      input_tokens: usage.input,
      cache_creation_input_tokens: usage.cacheWrite ?? 0,
      cache_read_input_tokens: usage.cacheRead ?? 0,
      output_tokens: 1,
    };
    if (body.stream !== true) {
      res.writeHead(200, { 'content-type': 'application/json', 'request-id': 'req_scripted' });
      res.end(
        JSON.stringify({
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [block],
          stop_reason: stopReason,
          stop_sequence: null,
          usage: { ...startUsage, output_tokens: usage.output },
        }),
      );
      return;
    }
    const start = block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} };
    const delta =
      block.type === 'text'
        ? { type: 'text_delta', text: (block as { text: string }).text }
        : { type: 'input_json_delta', partial_json: JSON.stringify((block as { input: unknown }).input) };
    sse(res, [
      ['message_start', { type: 'message_start', message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: startUsage } }],
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: start }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: usage.output } }],
      ['message_stop', { type: 'message_stop' }],
    ]);
  };

  const responses = (res: ServerResponse, body: Record<string, unknown>, record: (extra: Partial<RecordedModelRequest>) => void) => {
    const input = Array.isArray(body.input) ? (body.input as { type?: string; role?: string; content?: unknown }[]) : [];
    const userText = input.filter((i) => i.role === 'user').map((i) => JSON.stringify(i.content ?? '')).join('\n');
    const name = named(userText);
    const script = scriptOf(name);
    const model = typeof body.model === 'string' ? body.model : 'gpt-5-codex';
    let turn: ScriptedTurn = { kind: 'answer', text: 'OK.', usage: { input: 20, output: 2 } };
    let index: number | undefined;
    if (script) {
      index = input.filter((i) => i.type === 'function_call_output' || i.type === 'custom_tool_call_output').length;
      turn = script[Math.min(index, script.length - 1)]!;
      const failure = failureFor(name!, index, turn);
      if (failure) {
        record({ script: name, turn: index, status: failure.status });
        return fail(res, failure, openaiError(failure.status));
      }
    }
    record({ ...(name !== undefined && index !== undefined ? { script: name, turn: index } : {}), status: 200 });
    const usage = turn.usage ?? defaultUsage;
    const responseId = nextId('resp');
    const item =
      turn.kind === 'answer'
        ? { type: 'message', id: nextId('msg'), role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.text, annotations: [] }] }
        : {
            type: 'function_call',
            id: nextId('fc'),
            call_id: nextId('call'),
            name: turn.kind === 'tool' ? turn.name : 'exec_command',
            arguments: JSON.stringify(
              turn.kind === 'tool'
                ? turn.input
                : // Waits up to Codex's maximum for the command, so a longer one still answers in the same call.
                  { cmd: turn.kind === 'shell' ? turn.command : `apply_patch <<'PATCH'\n${newFilePatch(turn.path, turn.content)}\nPATCH`, yield_time_ms: 30_000 },
            ),
            status: 'completed',
          };
    const response = { id: responseId, object: 'response', created_at: Math.floor(Date.now() / 1000), model, output: [] as unknown[] };
    const cached = usage.cacheRead ?? 0;
    sse(res, [
      ['response.created', { type: 'response.created', response: { ...response, status: 'in_progress' } }],
      ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress' } }],
      ...(item.type === 'message'
        ? ([['response.output_text.delta', { type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta: (turn as { text: string }).text }]] as [string, unknown][])
        : []),
      ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
      [
        'response.completed',
        {
          type: 'response.completed',
          response: {
            ...response,
            status: 'completed',
            output: [item],
            usage: {
              input_tokens: usage.input + cached,
              input_tokens_details: { cached_tokens: cached },
              output_tokens: usage.output,
              output_tokens_details: { reasoning_tokens: 0 },
              total_tokens: usage.input + cached + usage.output,
            },
          },
        },
      ],
    ]);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      } catch {
        // kept as {}: the recorded request shows it
      }
      const record = (extra: Partial<RecordedModelRequest>) =>
        requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, status: 200, ...extra });
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'POST' && path === '/v1/messages') return messages(res, body, record);
      if (req.method === 'POST' && path === '/v1/responses') return responses(res, body, record);
      record({ status: 404 });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: `no ${req.method} ${path} here` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
