import { openOperatorTokens } from '../../infra/auth/operator-tokens.js';
import type { Logger } from '../../infra/logging/logger.js';
import type { LogHealth } from '../../processes/health/log-health.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import type { SemanticMemory } from '../../processes/memory/semantic-memory.js';
import type { SalesHook } from '../../ui/server/routes/sales-hook-routes.js';
import { prepareApiServer, type ApiServer, type PreparedApiServer } from '../../ui/server/start-api-server.js';
import { refused } from '../cli-failure.js';

export const defaultDashboardPort = 8080;

export interface DashboardStart {
  readonly runtime: SwarmRuntime;
  readonly home: string;
  readonly host: string;
  /** Undefined: the default port, given up with a warning when taken (a second `swarm up` on this machine). */
  readonly port: number | undefined;
  readonly log: Logger;
  readonly simulated: boolean;
  readonly driver: string;
  /** Agents run without a sandbox (sandbox mode `none`): the dashboard shows a banner. Asked when a page asks. */
  readonly unsandboxed: () => boolean;
  /** Whether the log answers (the dashboard's banner and `/health` say "log unreachable since …"). */
  readonly logHealth: () => LogHealth;
  /** Long-term memory, which `swarm up` may open after the dashboard is built. */
  readonly memory: () => Promise<SemanticMemory>;
  /** Gumroad's sale notifications (`GUMROAD_PING_KEY` set). */
  readonly salesHook?: SalesHook;
  out(line: string): void;
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

/** The dashboard built (routes, plugins, the app's files), not yet listening: see `prepareDashboard`. */
export interface PreparedDashboard {
  /** Listens (serving at once); its lines are printed by `announce`, after `swarm up`'s own. */
  listen(): Promise<ListeningDashboard>;
  /** Gives up a dashboard that never listened (`swarm up` failed before it could). */
  close(): Promise<void>;
}

/** A dashboard serving, its address not yet printed. */
export interface ListeningDashboard {
  /** Undefined when the default port was taken (said by `announce`, not fatal). */
  readonly server: ApiServer | undefined;
  /** Prints the dashboard's lines (on the first start, with the first operator's token). */
  announce(): void;
}

/**
 * Builds the dashboard and HTTP API for `swarm up` without listening: `swarm up` builds it while the main thread waits
 * for the read models' fold worker, and listens once the read models are current. On the first start `announce` makes
 * the operator `admin` and prints the dashboard URL with its token in the fragment (`#token=…`: a fragment is never
 * sent to a server, so the token stays out of request lines, logs and Referer headers); later starts print the
 * plain URL.
 */
export const prepareDashboard = async (o: DashboardStart): Promise<PreparedDashboard> => {
  const tokens = openOperatorTokens(o.home);
  const prepared: PreparedApiServer = await prepareApiServer({
    runtime: o.runtime,
    home: o.home,
    host: o.host,
    port: o.port ?? defaultDashboardPort,
    log: o.log,
    simulated: o.simulated,
    driver: o.driver,
    unsandboxed: o.unsandboxed,
    logHealth: o.logHealth,
    tokens,
    memory: o.memory,
    ...(o.salesHook ? { salesHook: o.salesHook } : {}),
  });
  return { listen: () => listenDashboard(o, tokens, prepared), close: () => prepared.close() };
};

const listenDashboard = async (o: DashboardStart, tokens: ReturnType<typeof openOperatorTokens>, prepared: PreparedApiServer): Promise<ListeningDashboard> => {
  let server: ApiServer;
  try {
    server = await prepared.listen();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' && o.port === undefined) {
      return {
        server: undefined,
        announce: () => o.out(`  dashboard: NOT started — port ${defaultDashboardPort} is in use (another swarm up?); use --port N (or --port 0 for any free port)`),
      };
    }
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw refused(`dashboard: cannot listen on ${o.host}:${o.port ?? defaultDashboardPort}: ${(e as Error).message}`, { field: code === 'EADDRINUSE' || code === 'EACCES' ? '--port' : '--host' });
    throw e;
  }
  const announce = () => {
    const first = tokens.ensureFirst();
    o.out(first ? `Dashboard: ${server.url}/#token=${first.token}` : `Dashboard: ${server.url}`);
    if (first) o.out(`  operator "admin" was created for this first start (its token is in the URL above and shown only now; more: swarm operator add NAME)`);
    else o.out('  (open it with an operator token: swarm operator add NAME prints one)');
    if (!loopback.has(o.host)) o.out(`  warning: listening on ${o.host}: reads need no token, so anyone who can reach this address can see the swarm`);
    o.out(`  API:     ${server.url}/docs (OpenAPI); live changes on ${server.url.replace(/^http/, 'ws')}/ws`);
  };
  return { server, announce };
};
