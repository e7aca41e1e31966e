import { isAbsolute, join, resolve } from 'node:path';
import { isDriverName, type AgentDriver, type DriverName } from '../../agents/drivers/driver.js';
import { agentNames } from '../../domain/agent/roles.js';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import { hostStateDir } from '../../infra/config/store-location.js';
import { removeSwarmUp, writeSwarmUp } from '../../infra/health/swarm-up-file.js';
import { createServiceLogger } from '../../infra/logging/logger.js';
import { chooseDriverName } from '../../processes/swarm/llm-choice.js';
import { configuredJobs, driverChoiceSettings, loadSettings } from '../swarm-settings.js';
import { parseCommandArgs } from '../cli-args.js';
import { serviceRuntime, type CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { integerInRange } from '../cli-values.js';
import type { LogHealth } from '../../processes/health/log-health.js';
import type { SemanticMemory } from '../../processes/memory/semantic-memory.js';
import { eventLoopTurns } from '../../processes/engine/event-loop-turns.js';
import { catchUpAtStart } from './up-catch-up.js';
import type { PreparedDashboard } from './up-dashboard.js';

export const usage = 'swarm up [--port 8080] [--host 127.0.0.1] [--driver sim|claude|codex|anthropic] [--roles a,b] [--no-agents] [--no-scheduler] [--no-dashboard] [--unsafe-no-sandbox]   (--port 0 picks a free port)';

/**
 * Starts the swarm on this log: read models, process managers, the lease watchdog and the dispatcher with its agents.
 * Ctrl-C stops cleanly: runs in progress are stopped and their tasks handed back.
 */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f } = parseCommandArgs(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    driver: { type: 'string' },
    roles: { type: 'string' },
    'no-agents': { type: 'boolean' },
    'no-scheduler': { type: 'boolean' },
    'no-dashboard': { type: 'boolean' },
    'unsafe-no-sandbox': { type: 'boolean' },
  });
  const port = v.port === undefined ? undefined : integerInRange('--port', v.port, 0, 65_535);
  if (port !== undefined && (port < 0 || port > 65_535)) throw badInput(`--port: expected a whole number from 0 to 65535, got "${v.port}"`, { field: '--port' });
  const host = v.host ?? '127.0.0.1';
  if (!host.trim()) throw badInput('--host: expected an address to listen on, e.g. 127.0.0.1', { field: '--host' });
  if (v.driver !== undefined && !isDriverName(v.driver)) throw badInput(`--driver: expected sim, claude, codex or anthropic, got "${v.driver}"`, { field: '--driver' });
  const agents = f['no-agents'] ? [] : v.roles ? v.roles.split(',').map((s) => s.trim()).filter(Boolean) : [...agentNames];
  const unknown = agents.filter((a) => roleOfAgent(a) === undefined);
  if (unknown.length) throw badInput(`--roles: unknown agent ${unknown.join(', ')}; use ${agentNames.join(', ')} (or instances such as builder-2)`, { field: '--roles' });

  const config = ctx.config();
  // Every setting acts or is refused here, at start: `scheduler.jobs` names jobs that exist and crons that parse.
  const settings = loadSettings(ctx.env);
  const jobs = configuredJobs(config, `config ${settings.file}`);
  const chosen = chooseDriverName(v.driver, ctx.env, driverChoiceSettings(settings));
  if ('error' in chosen) throw badInput(chosen.error);
  // Human lines on a terminal, JSON lines in $SWARM_HOME/logs/ (the host's SWARM_STATE_DIR when several hosts share
  // the home; and on stdout when it is not a terminal).
  const hostState = hostStateDir(resolve(ctx.home), ctx.env);
  const logging = (() => {
    try {
      return createServiceLogger('swarm', ctx.env, { logDir: join(hostState, 'logs'), stdoutIsTty: process.stdout.isTTY === true });
    } catch (e) {
      throw badInput((e as Error).message);
    }
  })();
  const log = logging.log;
  const runtime = serviceRuntime(await ctx.runtime());
  // The modules of everything that reads the read models (most of swarm up's start-up) load while they are folded:
  // the main thread loads them once it has folded its share and waits for the fold's worker thread, else after.
  let loading: Promise<typeof import('./up-services.js')> | undefined;
  const load = () => (loading ??= import('./up-services.js'));
  const primary = chosen.name;
  const home = resolve(ctx.home);
  // The dashboard is built (not listening) while the main thread waits for the fold's worker thread, and listens once
  // the read models are current; what it shows of the services started after the fold is asked when a page asks.
  const startedLater: { sandboxMode?: string; logHealth?: () => LogHealth } = {};
  let memoryOpened!: (memory: SemanticMemory) => void;
  const memoryReady = new Promise<SemanticMemory>((resolve) => (memoryOpened = resolve));
  let dashboardPrepared: Promise<PreparedDashboard> | undefined;
  const prepareDashboardOnce = () =>
    (dashboardPrepared ??= load().then(async (s) => {
      // Gumroad's sale notifications on the dashboard's server (GUMROAD_PING_KEY), refused if badly set.
      const salesHook = await s.gumroadSalesHook(runtime, log);
      return s.prepareDashboard({
        runtime,
        home,
        host,
        port,
        log,
        simulated: primary === 'sim',
        driver: primary,
        unsandboxed: () => startedLater.sandboxMode === 'none',
        logHealth: () => startedLater.logHealth!(),
        memory: () => memoryReady,
        ...(salesHook ? { salesHook } : {}),
        out: ctx.out,
      });
    }));
  // The read models first, before anything reads them: at rebuild speed when far behind (a new host), else the tail.
  const caughtUp = await catchUpAtStart(ctx, runtime, ctx.storeUrl, {
    // Awaited below, where a failure is reported.
    whileWaitingForWorker: () => void (f['no-dashboard'] ? load() : prepareDashboardOnce()).catch(() => undefined),
  });
  const {
    announcePresence,
    budgetGuard,
    createLogNotifier,
    driverChoice,
    driverConfigFromEnv,
    driverFor,
    installationRoot,
    integrationLines,
    memoryStartLine,
    notificationsProcess,
    openSemanticMemory,
    pipelineManager,
    relevantMemories,
    restartBackoff,
    runPreparer,
    startContainment,
    startNextSteps,
    startScheduler,
    startSlack,
    startSwarm,
    watchLogHealthForUp,
  } = await load();
  // Built before any service starts: a Fastify plugin still loading while the process managers fold the log's history
  // from the start (a long run of work between event-loop turns) outlived Fastify's 10 s plugin timeout.
  const preparedDashboard = f['no-dashboard'] ? undefined : await prepareDashboardOnce();
  const fallback = config.llm.fallbackProvider && config.llm.fallbackProvider !== primary && primary !== 'sim' ? config.llm.fallbackProvider : undefined;
  const driverConfig = driverConfigFromEnv(ctx.env);
  if ('error' in driverConfig) throw badInput(driverConfig.error);
  const drivers = new Map<DriverName, AgentDriver>();
  // Every driver an agent may run on: the primary, the fallback and each agent's own `agents.<role>.provider` (an agent
  // configured for claude under a sim primary ran the simulated agent before, issue 14).
  const perAgentProviders = Object.values(config.agents).flatMap((a) => (a.provider ? [a.provider] : []));
  for (const name of new Set<DriverName>([primary, ...(fallback ? [fallback] : []), ...perAgentProviders])) drivers.set(name, driverFor(name, driverConfig.config));
  const choice = driverChoice({
    primary,
    ...(fallback ? { fallback } : {}),
    autoFallback: config.llm.autoFallbackOnRateLimit,
    perAgent: Object.fromEntries(Object.entries(config.agents).map(([agent, a]) => [agent, a.provider])),
    create: (name) => drivers.get(name) ?? drivers.get(primary)!,
    now: Date.now,
  });
  const storeUrl = ctx.storeUrl.startsWith('sqlite:') && !isAbsolute(ctx.storeUrl.slice(7).split('?')[0]!) ? `sqlite:${resolve(ctx.storeUrl.slice(7))}` : ctx.storeUrl;
  const root = installationRoot();
  // What every run's environment starts from: no store, no config, no HOME of the user's (the sandbox gives each run
  // a HOME of its own); the CLI inside a run reaches the swarm only through the agent endpoint with its token.
  const baseEnv: Record<string, string> = {
    PATH: `${root}/cli/bin:${ctx.env.PATH ?? '/usr/bin:/bin'}`,
    SWARM_HOME: home,
    SWARM_LOG_LEVEL: ctx.env.SWARM_LOG_LEVEL ?? 'warn',
    ...(ctx.env.LANG ? { LANG: ctx.env.LANG } : {}),
  };
  const simulatedAgents = primary === 'sim';
  // Containment is settled before the dashboard serves: its banner says whether agents run unsandboxed.
  const sandbox = await startContainment({
    unsafe: f['unsafe-no-sandbox'] === true,
    simulated: simulatedAgents && !Object.values(config.agents).some((a) => a.provider !== undefined && a.provider !== 'sim'),
    hasAgents: agents.length > 0,
    readOnlyPaths: config.sandbox.readOnlyPaths.map((p) => resolve(p)),
    homeFiles: Object.fromEntries(Object.entries(config.sandbox.homeFiles).map(([inside, host]) => [inside, resolve(host)])),
    installationRoot: root,
    home,
    storeUrl,
    env: ctx.env,
    runtime,
    config,
    log,
  });
  if ('refusal' in sandbox) throw refused(sandbox.refusal);
  startedLater.sandboxMode = sandbox.mode;
  // What is started from here on is stopped again if the start fails later (a listening dashboard or a timer would
  // keep the process alive).
  const startedSoFar: { stop(): unknown }[] = [{ stop: () => sandbox.close() }];
  const stopOnFailure = async (e: unknown): Promise<never> => {
    for (const s of startedSoFar.reverse()) await s.stop();
    throw e;
  };
  // Long-term memory for run prompts: the word index, and the embedded vector index or Qdrant when QDRANT_URL is set.
  const memory = await openSemanticMemory(storeUrl, ctx.env).catch(stopOnFailure);
  memoryOpened(memory);
  startedSoFar.push({ stop: () => memory.close() });
  const notifier = createLogNotifier(log);
  // Slack when configured (SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET or SLACK_APP_TOKEN): Bolt's app and the outbox.
  const slack = await startSlack({ env: ctx.env, runtime, home, log, config: config.slack }).catch(stopOnFailure);
  startedSoFar.push({ stop: () => slack.stop() });
  // Whether the log answers, probed for as long as the swarm runs: said on the dashboard and to `swarm status`.
  const logHealth = watchLogHealthForUp(runtime, hostState, log);
  startedLater.logHealth = logHealth.current;
  startedSoFar.push({ stop: () => logHealth.stop() });

  const simulated = primary === 'sim';
  const cronLine = () => {
    const jobsOff = jobs.filter((j) => j.enabled === false).map((j) => j.name);
    return f['no-scheduler'] ? 'off (--no-scheduler)' : `${jobs.filter((j) => j.enabled !== false).map((j) => j.name).join(', ') || 'no job enabled'}${jobsOff.length ? ` (off in config: ${jobsOff.join(', ')})` : ''}`;
  };
  ctx.out(`swarmlog is up`);
  ctx.out(`  log:     ${storeUrl} (head position ${await runtime.log.headPosition()})`);
  ctx.out(`  models:  ${caughtUp.events} events folded at start in ${caughtUp.seconds.toFixed(2)} s${caughtUp.rebuilt ? ` (${caughtUp.rebuilt} read model(s) from the start of the log, at rebuild speed)` : ''}`);
  ctx.out(`  data:    ${home}`);
  ctx.out(`  logs:    ${logging.file} (JSON lines; ${logging.consoleFormat === 'json' ? `also on stdout from level ${logging.consoleLevel}` : `${logging.consoleLevel} and above shown here`})`);
  ctx.out(`  agents:  ${agents.length ? agents.join(', ') : 'none (--no-agents)'}`);
  ctx.out(`  memory:  ${memoryStartLine(memory)}`);
  ctx.out(`  cron:    ${cronLine()}`);
  ctx.out(`  sandbox: ${sandbox.describe}`);
  ctx.out(`  slack:   ${slack.line}`);
  for (const line of await integrationLines(ctx.env, log)) ctx.out(line);
  ctx.out(`  driver:  ${primary}${fallback ? ` (fallback ${fallback})` : ''} — ${simulated ? 'SIMULATED agents (offline, deterministic; no LLM is called)' : `real LLM agents (${chosen.why})`}`);
  // The dashboard and HTTP API (same command layer as the CLI) serve as soon as the read models are current, before
  // the scheduler, the agents' presence, the process managers and the dispatcher start: the agents' first runs held
  // a new host's dashboard unanswered (a whole swarm up over 100,004 events answered /health 2.8–3.3 s after its
  // spawn). What it shows of those services is asked when a page asks.
  const dashboard = await preparedDashboard?.listen().catch(stopOnFailure);
  if (dashboard?.server) startedSoFar.push({ stop: () => dashboard.server!.close() });
  dashboard?.announce();
  if (f['no-dashboard']) ctx.out('  dashboard: off (--no-dashboard)');
  // Each start below is work between event-loop turns: turning between them lets the dashboard answer meanwhile.
  const turn = eventLoopTurns(0);
  await turn();
  // Cron jobs (hunter scans, GitHub checks, the daily summary, proposal expiry, lock cleanup): each slot fires once
  // across every instance sharing the log.
  // On a log with no work yet the first Hunter scan fires at once (its current slot, once across instances).
  const scheduler = f['no-scheduler'] ? undefined : startScheduler(runtime, jobs, { log, notifier, startWorkWith: 'hunter_scan' });
  if (scheduler) startedSoFar.push(scheduler);
  // Said to `swarm status` in other terminals from now on, not only once a run has recorded it.
  writeSwarmUp(hostState, { sandbox: sandbox.mode, startedAt: runtime.now() });
  // The served agents are idle (ready, no task) from now on, offline again after a clean stop.
  await turn();
  const presence = await announcePresence(runtime, agents, log).catch(stopOnFailure);
  await turn();
  let dispatcherRef: { resume(agent: string): void } | undefined;
  const swarm = await startSwarm({
    runtime,
    home,
    log,
    agents,
    managers: [pipelineManager, budgetGuard, notificationsProcess(notifier, { log }), ...slack.managers],
    extras: [...(scheduler ? [scheduler] : []), { stop: () => slack.stop() }, { stop: () => memory.close() }, { stop: () => sandbox.close() }],
    driverFor: choice.driverFor,
    prepare: runPreparer({
      runtime,
      config,
      secrets: ctx.env,
      driverOf: choice.providerOf,
      memoriesFor: (role, taskText) => relevantMemories({ ...runtime, memory }, { role, taskText }),
    }),
    baseEnv,
    containment: sandbox.containment,
    maxConcurrent: config.supervisor.maxConcurrentAgents,
    progressTimeoutMs: config.supervisor.progressTimeoutSeconds * 1000,
    sessionCapMs: config.supervisor.sessionCapSeconds * 1000,
    leaseSeconds: config.tasks.leaseSeconds,
    backoff: restartBackoff(config.supervisor),
    onRunFinished: (agent, finished) => {
      if (finished.outcome.outcome !== 'rate_limited') return;
      const resumeAt = choice.rateLimited(finished.driver, finished.outcome.resetAt, agent);
      if (resumeAt <= Date.now()) dispatcherRef?.resume(agent);
    },
  }).catch(stopOnFailure);
  dispatcherRef = swarm.dispatcher;
  const nextSteps = await startNextSteps({
    runtime,
    out: ctx.out,
    log,
    ...(dashboard?.server ? { dashboardUrl: dashboard.server.url } : {}),
    ...(scheduler ? { firstWork: await scheduler.firstWork } : {}),
    servesAgents: agents.length > 0,
  });
  ctx.out('Ctrl-C stops.');

  const stopped = new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });
  const keepAlive = setInterval(() => undefined, 60_000);
  // The code this start ran, compiled, for the next start (cli/bin/code-cache.cjs; absent on the ES module build):
  // a moment after the start, which it must not delay, and never keeping a stopping process alive.
  const saveCodeCache = (globalThis as { [k: symbol]: (() => void) | undefined })[Symbol.for('swarmlog.saveCodeCache')];
  if (saveCodeCache) setTimeout(saveCodeCache, 1_000).unref();
  const signal = await stopped;
  ctx.out(`swarmlog: stopping (${signal}) — handing unfinished tasks back…`);
  await nextSteps.stop();
  await dashboard?.server?.close();
  await swarm.stop();
  // Recording the agents as offline needs the log: when it cannot be reached the stop goes on (the next start
  // finds them abandoned and says so), rather than ending in an error.
  await presence.withdraw().catch((e: unknown) => {
    log.warn({ err: e }, 'could not record the agents as offline');
    ctx.out(`swarmlog: the agents could not be recorded as offline (${(e as Error).message.split('\n')[0]}); the next start will`);
  });
  logHealth.stop();
  removeSwarmUp(hostState);
  clearInterval(keepAlive);
  ctx.out('swarmlog: stopped.');
  // Stopped means stopped: everything above has been closed in order, so a handle still open 5 s later (seen once
  // under load on EventStoreDB, the cause not found) must not keep a stopped swarm alive. It is named in the log.
  setTimeout(() => {
    log.warn({ handles: process.getActiveResourcesInfo() }, 'swarm up stopped but something kept the process alive; exiting');
    process.exit(process.exitCode ?? 0);
  }, 5_000).unref();
};
