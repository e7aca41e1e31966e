import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { inputLimits, pathDeeperThan } from '../../domain/limits/index.js';
import type { OperatorTokens } from '../../infra/auth/operator-tokens.js';
import type { Logger } from '../../infra/logging/logger.js';
import type { LogHealth } from '../../processes/health/log-health.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import type { SemanticMemory } from '../../processes/memory/semantic-memory.js';
import { ApiFailure, type ErrorBody } from './api-failure.js';
import { apiContext } from './api-context.js';
import { apiRoutes, type AuthFailureLimiter, type MutationLimits } from './api-routes.js';
import { liveUpdates } from './live-updates.js';
import { agentRoutes } from './routes/agent-routes.js';
import { budgetRoutes } from './routes/budget-routes.js';
import { conversationRoutes } from './routes/conversation-routes.js';
import { gateRoutes } from './routes/gate-routes.js';
import { historyRoutes } from './routes/history-routes.js';
import { salesHookRoutes, type SalesHook } from './routes/sales-hook-routes.js';
import { whatifRoutes } from './routes/whatif-routes.js';
import { ledgerRoutes } from './routes/ledger-routes.js';
import { memoryRoutes } from './routes/memory-routes.js';
import { overviewRoutes } from './routes/overview-routes.js';
import { taskRoutes } from './routes/task-routes.js';
import { schemaController } from './schema-compilers.js';
import { defaultAppRoot, serveApp } from './static-app.js';
import { swaggerUiFiles } from './swagger-ui-files.js';

export interface ApiServerOptions {
  readonly runtime: SwarmRuntime;
  /** SWARM_HOME: run files are read from under it. */
  readonly home: string;
  readonly host: string;
  /** 0 picks a free port; the returned URL says which. */
  readonly port: number;
  readonly log: Logger;
  readonly simulated: boolean;
  readonly driver: string;
  /** Agents run without a sandbox (`--unsafe-no-sandbox`, or bubblewrap unavailable for simulated agents). */
  readonly unsandboxed?: boolean | (() => boolean);
  /** Whether the log answers, as `swarm up` watches it (default: always reachable, e.g. in tests of the API alone). */
  readonly logHealth?: () => LogHealth;
  readonly tokens: OperatorTokens;
  /** Long-term memory for search; opened on first use when not given. */
  readonly memory?: () => Promise<SemanticMemory>;
  /** The built app (default: `dist/ui` of this installation). */
  readonly appRoot?: string;
  /** Mutations per operator per window (default 120 a minute). */
  readonly mutationLimits?: MutationLimits;
  /** Mutations with a wrong token per address per window before it is answered 429 (default 20 a minute); a missing token is not counted. */
  readonly authFailureLimits?: MutationLimits;
  /** Gumroad's sale notifications at `POST /hooks/gumroad` (only when set up: `GUMROAD_PING_KEY`). */
  readonly salesHook?: SalesHook;
}

export interface ApiServer {
  /** `http://host:port` of the listening server. */
  readonly url: string;
  close(): Promise<void>;
}

const defaultLimits: MutationLimits = { max: 120, windowMs: 60_000 };
const defaultAuthFailureLimits: MutationLimits = { max: 20, windowMs: 60_000 };
/** A body holds at most one `json` field (64 KiB) and a few short ones: twice that is plenty; more is 413. */
const bodyLimit = 2 * inputLimits.jsonMaxBytes;
/** Longer than any id (200), so an over-long path parameter reaches the id rule and is named. */
const maxParamLength = 512;
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const hostOf = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

const errorReply = (reply: FastifyReply, status: number, body: ErrorBody) => reply.code(status).header('cache-control', 'no-store').send(body);

/** The field a refusal of Fastify's own is about: the body for its parser's refusals, else the request line. */
const fieldOfFrameworkError = (code: string | undefined): string => (code?.startsWith('FST_ERR_CTP') ? 'body' : code === 'FST_ERR_BAD_URL' || code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'url' : 'request');

/** Fastify's own refusals (bad JSON, a body too large, an unknown media type, a rate limit) in the API's error shape. */
const answerError = (log: Logger) => (error: FastifyError | ApiFailure, _request: FastifyRequest, reply: FastifyReply) => {
  if (error instanceof ApiFailure) return errorReply(reply, error.statusCode, error.body);
  const status = error.statusCode ?? 500;
  if (status === 429) return errorReply(reply, 429, { error: 'too many commands: wait a moment and try again', code: 'rate_limited' });
  if (status === 415) return errorReply(reply, 415, { error: 'this route takes a JSON body: send Content-Type: application/json', code: 'unsupported_media_type' });
  if (status === 413)
    return errorReply(reply, 413, { error: `the body is larger than ${bodyLimit / 1024} KiB (a payload may be at most ${inputLimits.jsonMaxBytes / 1024} KiB)`, code: 'too_large', field: 'body' });
  if (status >= 400 && status < 500)
    return errorReply(reply, status, { error: error.message, code: status === 400 ? 'invalid' : String(error.code ?? status), field: fieldOfFrameworkError(error.code) });
  log.error({ err: error.message, stack: error.stack }, 'dashboard: request failed');
  return errorReply(reply, 500, { error: 'the server failed to answer this request (see the swarm up log)', code: 'internal' });
};

/** A URL Fastify cannot route (bad percent-encoding, an over-long path parameter): 400 naming the URL. */
const answerFrameworkError = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) =>
  errorReply(reply, 400, {
    error: error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? `a path parameter is longer than ${maxParamLength} characters` : 'the URL is not valid (bad percent-encoding)',
    code: 'invalid',
    field: 'url',
  });

/**
 * The HTTP API, WebSocket and app server (SPEC §7.2, §7.3). Every command goes through the same command services as
 * the CLI, as the operator whose token came with it; reads catch their read model up first, so they are never stale.
 */
export const buildApiApp = async (options: ApiServerOptions): Promise<{ app: FastifyInstance; startLive: () => Promise<void>; closeLive: () => Promise<void> }> => {
  const { runtime, log, tokens } = options;
  // Fastify's own request log is off: the swarm's logger says what matters (and never logs tokens).
  // forceCloseConnections: stopping `swarm up` must not wait for a browser's idle keep-alive connection.
  const app = Fastify({ logger: false, bodyLimit, trustProxy: false, forceCloseConnections: true, routerOptions: { maxParamLength }, frameworkErrors: answerFrameworkError, schemaController });
  let opened: Promise<SemanticMemory> | undefined;
  const memory = options.memory ?? (() => (opened ??= import('../../infra/memory/open-semantic-memory.js').then((m) => m.openSemanticMemory(`sqlite:${options.home}/swarm.db`))));
  const ctx = apiContext({ runtime, home: options.home, simulated: options.simulated, driver: options.driver, unsandboxed: typeof options.unsandboxed === 'function' ? options.unsandboxed : () => options.unsandboxed === true, memory, ...(options.logHealth ? { logHealth: options.logHealth } : {}) });

  // JSON is the only body this API reads (no form or text parsers a cross-site form could reach). An empty body is {}.
  // JSON.parse itself takes any depth; how deep the value is nested is measured here, without recursion, so a deep
  // body is refused (400) before anything that recurses (a decoder, an error message, the event writer) sees it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(new ApiFailure(400, { error: 'the body is not valid JSON', code: 'invalid', field: 'body' }), undefined);
    }
    const deep = pathDeeperThan(parsed, inputLimits.maxDepth);
    if (deep) {
      const field = typeof deep[0] === 'string' ? deep[0] : 'body';
      return done(new ApiFailure(400, { error: `${field}: nested deeper than ${inputLimits.maxDepth} levels`, code: 'invalid', field }), undefined);
    }
    done(null, parsed);
  });

  // DNS rebinding: a page of another site whose name points at 127.0.0.1 would send its own Host; refuse those.
  const checkHost = loopbackHosts.has(options.host);
  app.addHook('onRequest', async (request) => {
    if (!checkHost) return;
    const host = (request.headers.host ?? '').replace(/:\d+$/, '');
    if (!loopbackHosts.has(host)) throw new ApiFailure(421, { error: `this server answers only to ${options.host} (Host: ${request.headers.host ?? 'none'})`, code: 'misdirected' });
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    return payload;
  });
  app.setErrorHandler(answerError(log));

  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'swarmlog API', version: '1', description: 'Reads need no token; every mutation needs an operator token and a JSON body. Live changes: WebSocket /ws.' },
      components: { securitySchemes: { operatorToken: { type: 'http', scheme: 'bearer', description: 'an operator token (swarm operator add NAME)' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, ...swaggerUiFiles() });

  const failed = options.authFailureLimits ?? defaultAuthFailureLimits;
  const authFailures: AuthFailureLimiter = app.createRateLimit({ max: failed.max, timeWindow: failed.windowMs, keyGenerator: (request: FastifyRequest) => request.ip });
  const api = apiRoutes(app, tokens, options.mutationLimits ?? defaultLimits, authFailures);
  overviewRoutes(api, ctx);
  taskRoutes(api, ctx);
  agentRoutes(api, ctx);
  gateRoutes(api, ctx);
  conversationRoutes(api, ctx);
  ledgerRoutes(api, ctx);
  memoryRoutes(api, ctx);
  budgetRoutes(api, ctx);
  historyRoutes(api, ctx);
  whatifRoutes(api, ctx);
  if (options.salesHook) await salesHookRoutes(app, options.salesHook, log);
  const live = await liveUpdates(app, ctx, log);
  await serveApp(app, options.appRoot ?? defaultAppRoot(), (request, reply) =>
    errorReply(reply, 404, { error: `no route ${request.method} ${request.url.split('?')[0]}`, code: 'not_found' }),
  );
  return {
    app,
    startLive: () => live.start(),
    closeLive: async () => {
      await live.close();
      if (opened && !options.memory) await (await opened).close();
    },
  };
};

/** A server built and not yet listening: `swarm up` builds it while its read models fold and listens once they are current. */
export interface PreparedApiServer {
  /** Follows the log and listens; a failure to listen closes what was built. */
  listen(): Promise<ApiServer>;
  /** Gives up a server that never listened. */
  close(): Promise<void>;
}

export const prepareApiServer = async (options: ApiServerOptions): Promise<PreparedApiServer> => {
  const { app, startLive, closeLive } = await buildApiApp(options);
  const close = async () => {
    await closeLive();
    await app.close();
  };
  // Every plugin loaded now, not when it listens: a plugin's load must finish within Fastify's plugin timeout (10 s),
  // counted from its start, and `swarm up` listens only once its read models are current.
  try {
    await app.ready();
  } catch (e) {
    await close();
    throw e;
  }
  return {
    close,
    listen: async () => {
      try {
        await startLive();
        await app.listen({ host: options.host, port: options.port });
      } catch (e) {
        // Nothing may keep running (the log subscription, its timers) when the server could not start.
        await close();
        throw e;
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      return { url: `http://${hostOf(options.host)}:${port}`, close };
    },
  };
};

export const startApiServer = async (options: ApiServerOptions): Promise<ApiServer> => (await prepareApiServer(options)).listen();
