import { isLeft } from 'fp-ts/lib/Either.js';
import type { Actor } from '../domain/log/envelope.js';
import type { EventStore } from '../domain/log/event-store.js';
import { loadConfig, type SwarmConfig } from '../infra/config/swarm-config.js';
import { embeddedLogFile, projectionStorePath, storeUrl, swarmHome } from '../infra/config/store-location.js';
import { commandIds } from '../infra/log/command-ids.js';
import { followUpEventId, newEventId } from '../infra/log/event-ids.js';
import { openEventStore, parseStoreUrl, storeExists } from '../infra/log/open-event-store.js';
import { createSqliteProjectionStore } from '../infra/projections/sqlite-projection-store.js';
import type { CommandCaller, SwarmRuntime } from '../processes/commands/runtime.js';
import type { ProjectionStore } from '../projections/engine/projection.js';
import { badInput, refused } from './cli-failure.js';

/** What every command may need, opened lazily so a command pays only for what it uses. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly storeUrl: string;
  /** The acting agent when the CLI runs inside an agent run (`SWARM_AGENT`), else undefined (a human). */
  readonly agent: string | undefined;
  /**
   * The id of this invocation (`SWARM_COMMAND_ID`, else a new one): every id the command makes derives from it, so the
   * same command run again with the same id takes effect once (see infra/log/command-ids.ts).
   */
  readonly commandId: string;
  store(): Promise<EventStore>;
  config(): SwarmConfig;
  runtime(): Promise<SwarmRuntime>;
  close(): Promise<void>;
  /**
   * Before the process exits: network clients (EventStoreDB) are closed so the process can end; SQLite files are left
   * to the OS, which is safe (every write is committed) and spares the checkpoint SQLite runs when the last
   * connection closes — a few milliseconds on every CLI call.
   */
  closeForExit(): Promise<void>;
  out(line: string): void;
  /** A command that answered but must exit non-zero (e.g. `claude-tasks check-approval` of a pending item). */
  setExitCode(code: number): void;
  exitCode(): number;
}

export interface CliContextOptions {
  /**
   * False for a command that only reads: when there is no log yet it fails (exit 1) saying where it looked and how
   * to start a swarm, instead of creating an empty store. Default true (writes and `swarm up` create the store).
   */
  readonly createStore?: boolean;
}

/** What a read command says when there is no swarm where it looked (see CliContextOptions.createStore). */
export const noSwarmMessage = (home: string, logFile: string): string =>
  `no swarm here: there is no log at ${logFile} (SWARM_HOME=${home}). ` +
  'Start one with `npm start` in the swarmlog folder or `swarm up`, or set SWARM_HOME (or SWARM_STORE) to where your swarm is.';

export const createCliContext = (env: NodeJS.ProcessEnv = process.env, options: CliContextOptions = {}): CliContext => {
  let code = 0;
  let opened: Promise<EventStore> | undefined;
  let projections: ProjectionStore | undefined;
  let config: SwarmConfig | undefined;
  const url = storeUrl(env);
  const ids = commandIds(env.SWARM_COMMAND_ID?.trim() || undefined);
  const store = () => {
    if (!opened) {
      const location = parseStoreUrl(url);
      if (isLeft(location)) throw badInput(location.left);
      if (options.createStore === false && location.right.kind === 'sqlite' && !storeExists(location.right))
        throw refused(noSwarmMessage(swarmHome(env), embeddedLogFile(url)!), { noStore: true, home: swarmHome(env), log: embeddedLogFile(url) });
      opened = openEventStore(location.right);
    }
    return opened;
  };
  const loadedConfig = () => {
    if (!config) {
      const loaded = loadConfig(env);
      if (isLeft(loaded)) throw badInput(loaded.left);
      config = loaded.right;
    }
    return config;
  };
  return {
    env,
    home: swarmHome(env),
    storeUrl: url,
    agent: env.SWARM_AGENT || undefined,
    commandId: ids.commandId,
    store,
    config: loadedConfig,
    runtime: async () => {
      const log = await store();
      projections ??= createSqliteProjectionStore(projectionStorePath(url, env));
      const c = loadedConfig();
      return {
        log,
        projections,
        settings: {
          leaseSeconds: c.tasks.leaseSeconds,
          maxAttempts: c.tasks.maxAttempts,
          maxFixRounds: c.tasks.maxFixRounds,
          lockTtlSeconds: c.locks.ttlSeconds,
          quorum: c.governance.quorum,
          threshold: c.governance.threshold,
          proposalExpiryHours: c.governance.proposalExpiryHours,
          dailyBudgetPerAgent: c.tokens.dailyBudgetPerAgent,
          dailyBudgetSwarm: c.tokens.dailyBudgetSwarm,
          budgetWarningThreshold: c.tokens.warningThreshold,
        },
        now: () => new Date().toISOString(),
        newEventId: ids.newEventId,
        newId: ids.newId,
        commandEventIds: ids.eventIdsFor,
        followUpId: followUpEventId,
      };
    },
    close: async () => {
      projections?.close();
      if (opened) await (await opened).close();
    },
    closeForExit: async () => {
      if (!url.startsWith('sqlite:')) {
        projections?.close();
        if (opened) await (await opened).close();
      }
    },
    out: (line) => process.stdout.write(`${line}\n`),
    setExitCode: (c) => {
      code = c;
    },
    exitCode: () => code,
  };
};

/**
 * The runtime of a process that serves many commands (`swarm up`, its agent endpoint): fresh time-ordered ids, not the
 * ids of one command invocation.
 */
export const serviceRuntime = ({ commandEventIds: _oneCommand, ...runtime }: SwarmRuntime): SwarmRuntime => ({
  ...runtime,
  newEventId,
  newId: newEventId,
});

/** The actor of a CLI call: the agent of the run when `SWARM_AGENT` is set, otherwise the human at the terminal. */
export const callerActor = (ctx: CliContext): Actor =>
  ctx.agent ? { kind: 'agent', id: ctx.agent } : { kind: 'human', id: ctx.env.SWARM_OPERATOR || ctx.env.USER || 'operator' };

/** The caller of a command: the actor plus the causal chain an agent run passes down (`SWARM_CORRELATION_ID` …). */
export const cliCaller = (ctx: CliContext): CommandCaller => ({
  actor: callerActor(ctx),
  ...(ctx.env.SWARM_CORRELATION_ID ? { correlationId: ctx.env.SWARM_CORRELATION_ID } : {}),
  ...(ctx.env.SWARM_CAUSATION_ID ? { causationId: ctx.env.SWARM_CAUSATION_ID } : {}),
  ...(ctx.env.SWARM_RUN_ID ? { runId: ctx.env.SWARM_RUN_ID } : {}),
  ...(ctx.agent && ctx.env.SWARM_TASK_ID ? { taskId: ctx.env.SWARM_TASK_ID } : {}),
});

/**
 * The agent a command names (`--agent`, `--from`, a positional …): inside an agent run it must agree with
 * `SWARM_AGENT` (no speaking for another agent, W-24); outside one it must be given unless `fallback` is set.
 */
export const namedAgent = (ctx: CliContext, flag: string, value: string | undefined, fallback?: string): string => {
  if (ctx.agent && value !== undefined && value !== ctx.agent)
    throw badInput(`${flag}: "${value}" does not match SWARM_AGENT="${ctx.agent}" (an agent acts only as itself)`, { field: flag, refusal: 'acting_for_another_agent' });
  const agent = value ?? ctx.agent ?? fallback;
  if (agent === undefined) throw badInput(`${flag} is required (or set SWARM_AGENT)`, { field: flag });
  return agent;
};
