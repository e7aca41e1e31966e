import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { openOperatorTokens, type OperatorTokens } from '../../infra/auth/operator-tokens.js';
import { createLogger } from '../../infra/logging/logger.js';
import { localHashEmbedder } from '../../infra/memory/local-hash-embedder.js';
import { createSqliteMemoryIndex } from '../../infra/memory/sqlite-memory-index.js';
import { createSqliteWordIndex } from '../../infra/memory/sqlite-word-index.js';
import type { SemanticMemory } from '../../processes/memory/semantic-memory.js';
import { startApiServer, type ApiServerOptions } from '../../ui/server/start-api-server.js';
import { sqliteCase, type StoreCase } from '../fixtures/store-cases.js';
import type { TestRuntime } from '../fixtures/test-runtime.js';

export interface ApiResponse<T = any> {
  readonly status: number;
  readonly body: T;
}

export interface ApiHarness {
  readonly rt: TestRuntime;
  readonly url: string;
  readonly token: string;
  readonly tokens: OperatorTokens;
  get<T = any>(path: string): Promise<ApiResponse<T>>;
  /** A JSON POST with the admin token unless `token` is null. */
  post<T = any>(path: string, body?: unknown, options?: { token?: string | null; contentType?: string; raw?: string }): Promise<ApiResponse<T>>;
  close(): Promise<void>;
}

const parsed = async (response: Response): Promise<ApiResponse> => {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a page): keep the text
  }
  return { status: response.status, body };
};

/**
 * The API server on port 0 over a fresh runtime with the operator `admin`: a real SQLite log in a temp dir, or the
 * log of `store` (EventStoreDB: an emulator node of its own).
 */
export const startApi = async (options: Partial<ApiServerOptions> = {}, store: StoreCase = sqliteCase): Promise<ApiHarness> => {
  const rt = await store.runtime();
  const tokens = openOperatorTokens(rt.dir);
  const admin = tokens.ensureFirst()!;
  const index = createSqliteMemoryIndex(`${rt.dir}/memory-index.db`);
  const words = createSqliteWordIndex(`${rt.dir}/memory-index.db`);
  const memory: SemanticMemory = {
    embedder: localHashEmbedder,
    embedderNote: 'test',
    index,
    words,
    close: async () => {
      await words.close();
      await index.close();
    },
  };
  const server = await startApiServer({
    runtime: rt,
    home: rt.dir,
    host: '127.0.0.1',
    port: 0,
    log: createLogger('api-test', { SWARM_LOG_LEVEL: 'silent' }),
    simulated: true,
    driver: 'sim',
    tokens,
    memory: async () => memory,
    ...options,
  });
  return {
    rt,
    url: server.url,
    token: admin.token,
    tokens,
    get: async (path) => parsed(await fetch(`${server.url}${path}`)),
    post: async (path, body = {}, o = {}) => {
      const token = o.token === undefined ? admin.token : o.token;
      const response = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': o.contentType ?? 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: o.raw ?? JSON.stringify(body),
      });
      return parsed(response);
    },
    close: async () => {
      await server.close();
      await memory.close();
      await rt.dispose();
    },
  };
};

export const must = <A>(result: Either<unknown, A>): A => {
  if (isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`);
  return result.right;
};
