import { isLeft } from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentDriver, DriverEvent, RunOutcome } from '../../agents/drivers/driver.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import { changeAgentStatus, recordHeartbeat } from '../commands/agent-commands.js';
import { finishRun, recordRateLimit, recordRunProgress, recordTokens, recordToolCall, startRun } from '../commands/run-commands.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import { failTask, releaseTask, renewLease, resolveTask } from '../commands/task-commands.js';
import { watchRun } from './run-watch.js';
import { roleFolders } from '../../agents/sandbox/role-folders.js';
import { foldersForTask, PRODUCTS, productFolderOf } from '../../agents/sandbox/product-folder.js';
import { roleWorkspace } from '../../agents/sandbox/role-workspace.js';
import type { SandboxFactory } from '../../agents/sandbox/run-sandbox.js';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import type { RunCapabilities } from './run-capabilities.js';

/** How runs are contained (SPEC §6 "Containment"): a token per run instead of the store, a sandbox per process. */
export interface RunContainment {
  readonly capabilities: RunCapabilities;
  readonly sandboxFor: SandboxFactory;
  /** Files bound read-only into each run's HOME (a CLI's login, where configured): path in HOME → host path. */
  readonly homeFiles?: Readonly<Record<string, string>>;
}

export interface PreparedRun {
  readonly prompt: string;
  readonly promptHash: string;
  readonly model: string;
  /** The role's agent-loop turn limit, passed to the driver (RunRequest.maxTurns). */
  readonly maxTurns?: number;
  /** Tokens the run may use (cache reads aside) before it is stopped and its task handed back ("token cap"). */
  readonly sessionMaxTokens?: number;
  /** The role's secrets and anything else the run's environment needs beyond the SWARM_* variables. */
  readonly env: Readonly<Record<string, string>>;
}

export interface AgentRunContext {
  readonly runtime: SwarmRuntime;
  /** `$SWARM_HOME`: run folders go under `runs/<runId>/`. */
  readonly home: string;
  /**
   * A what-if fork's runs: the live swarm's home. The run sees its work folders (the fork's copies) at the live
   * home's paths too, so a path a recorded task names (a spec, a product folder) reaches the fork's copy.
   */
  readonly liveHome?: string;
  /** PATH, HOME, SWARM_HOME, SWARM_STORE … shared by every run (no secrets). */
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly progressTimeoutMs: number;
  readonly sessionCapMs: number;
  /** How often the task's lease is renewed while the run is alive (progress or not), so a lease can be short. */
  readonly leaseRenewEveryMs: number;
  /** This `swarm up` (`<host>:<pid>`), recorded on each run so a restart recognises the runs that died with it. */
  readonly instance?: string;
  readonly prepare: (agent: string, task: TaskView, runId: string) => Promise<PreparedRun>;
  readonly log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
  readonly containment: RunContainment;
  /** Called when the agent process is about to start (dispatch latency is measured up to here). */
  readonly onSpawn?: (info: { agent: string; taskId: string; runId: string }) => void;
}

export interface FinishedRun {
  readonly runId: string;
  readonly driver: AgentDriver['name'];
  readonly outcome: RunOutcome;
  /** What became of the task: completed/failed by the agent, failed here because the run ended without a verdict, or handed back. */
  readonly task: 'completed' | 'failed' | 'failed_without_verdict' | 'released' | 'cancelled' | 'lost';
}

/**
 * Runs one claimed task to its end: records the run as events (start, progress, tool calls, tokens, rate limits,
 * finish), renews the lease while the run makes progress, stops it when it hangs or overruns, and afterwards settles
 * the task: a run that ends without its agent completing or failing the task fails it with that reason — never
 * "completed" by exit code (W-02, W-03); a rate-limited or shut-down run hands the task back without using up an attempt.
 */
export const runClaimedTask = async (
  ctx: AgentRunContext,
  driver: AgentDriver,
  agent: string,
  task: TaskView & { generation: number },
  options: { shutdown: AbortSignal },
): Promise<FinishedRun> => {
  const { runtime } = ctx;
  const runId = runtime.newId();
  const folder = join(ctx.home, 'runs', runId);
  mkdirSync(folder, { recursive: true });
  const caller: CommandCaller = { actor: { kind: 'agent', id: agent }, correlationId: task.correlationId, causationId: task.correlationId, runId };
  const system: CommandCaller = { actor: { kind: 'system', id: 'dispatcher' }, correlationId: task.correlationId, runId };
  const prepared = await ctx.prepare(agent, task, runId);
  const promptPath = join(folder, 'prompt.md');
  const logPath = join(folder, 'output.log');
  writeFileSync(promptPath, prepared.prompt);
  const role = roleOfAgent(agent) ?? 'hunter';
  const product = productFolderOf(task.payload, [ctx.home, ...(ctx.liveHome ? [ctx.liveHome] : [])]);
  const folders = foldersForTask(roleFolders[role], product);
  // The sandbox binds the product folder, so it must exist before the run starts (a build starts it empty).
  if (product) mkdirSync(join(ctx.home, product), { recursive: true });
  const writable = folders.writable.map((f) => join(ctx.home, f));
  const sandbox = ctx.containment.sandboxFor({
    runFolder: folder,
    home: join(folder, 'home'),
    writable,
    readOnly: folders.readOnly.map((f) => join(ctx.home, f)),
    homeFiles: ctx.containment.homeFiles ?? {},
    ...(ctx.liveHome ? { alsoAt: [...folders.writable, ...folders.readOnly].map((f) => ({ folder: join(ctx.home, f), inside: join(ctx.liveHome!, f) })) } : {}),
  });
  // The product folder the task names is its workspace when the role writes it (the product, not all of projects/,
  // is writable: the folder named is inside it).
  const workspace = roleWorkspace(folder, writable.map((w) => (product && w === join(ctx.home, product) ? join(ctx.home, PRODUCTS) : w)), task.payload);
  mkdirSync(workspace, { recursive: true });
  const started = await startRun(runtime, caller, {
    runId,
    agent,
    taskId: task.id,
    driver: driver.name,
    model: prepared.model,
    promptHash: prepared.promptHash,
    promptPath,
    logPath,
    sandbox: sandbox.mode,
    ...(ctx.instance ? { instance: ctx.instance } : {}),
  });
  if (isLeft(started)) ctx.log.error({ runId, err: started.left }, 'could not record the run start');
  await changeAgentStatus(runtime, caller, { agent, status: 'working', currentTaskId: task.id });

  const watch = watchRun({
    progressTimeoutMs: ctx.progressTimeoutMs,
    sessionCapMs: ctx.sessionCapMs,
    ...(prepared.sessionMaxTokens !== undefined ? { tokenCap: prepared.sessionMaxTokens } : {}),
  });
  const onShutdown = () => watch.stop('swarm is shutting down');
  options.shutdown.addEventListener('abort', onShutdown, { once: true });
  let lastRenew = Date.now();
  let lastBeat = 0;
  let recording = Promise.resolve();
  const record = (work: () => Promise<unknown>) => {
    recording = recording.then(work).then(
      () => undefined,
      (e) => ctx.log.warn({ runId, err: e }, 'could not record a run event'),
    );
  };
  const onEvent = (event: DriverEvent) => {
    watch.touch();
    switch (event.kind) {
      case 'progress':
        record(() => recordRunProgress(runtime, caller, { runId, ...(event.note ? { note: event.note.slice(0, 500) } : {}) }));
        break;
      case 'tool':
        record(() => recordToolCall(runtime, caller, { runId, name: event.name, inputSummary: event.summary.slice(0, 500) }));
        break;
      case 'usage':
        record(() => recordTokens(runtime, caller, { runId, inputTokens: event.inputTokens, outputTokens: event.outputTokens, costUsd: event.costUsd, ...(event.model ? { model: event.model } : {}), provider: driver.name }));
        // The token cap counts what the run adds: cache reads (the same context read again each turn) are left out.
        watch.spend(event.inputTokens - (event.cachedInputTokens ?? 0) + event.outputTokens);
        break;
      case 'rate_limited':
        record(() => recordRateLimit(runtime, caller, { runId, provider: event.provider, ...(event.resetAt ? { resetAt: event.resetAt } : {}) }));
        break;
    }
    // A heartbeat while the agent shows signs of life (the agent decider keeps at most one per 30 s).
    if (Date.now() - lastBeat >= 30_000) {
      lastBeat = Date.now();
      record(() => recordHeartbeat(runtime, caller, { agent }));
    }
    if (Date.now() - lastRenew >= ctx.leaseRenewEveryMs) {
      lastRenew = Date.now();
      record(() => renewLease(runtime, system, { taskId: task.id, agent, generation: task.generation }));
    }
  };

  // The run's capability: the only authority its CLI calls carry (the swarm takes the actor from it alone).
  const token = ctx.containment.capabilities.issue({ agent, runId, taskId: task.id, claimGeneration: task.generation, correlationId: task.correlationId });
  const env: Record<string, string> = {
    ...ctx.baseEnv,
    ...prepared.env,
    SWARM_AGENT: agent,
    SWARM_TASK_ID: task.id,
    SWARM_CLAIM_GENERATION: String(task.generation),
    SWARM_RUN_ID: runId,
    SWARM_CORRELATION_ID: task.correlationId,
    SWARM_CAUSATION_ID: task.correlationId,
    SWARM_RUN_TOKEN: token,
  };
  ctx.onSpawn?.({ agent, taskId: task.id, runId });
  // The lease is renewed as long as the run is alive, not only when it shows progress: a quiet agent (thinking, a
  // long build) keeps its task, and the lease can be short, so a task whose `swarm up` died is back in the queue soon.
  const keepLease = setInterval(() => {
    if (Date.now() - lastRenew < ctx.leaseRenewEveryMs) return;
    lastRenew = Date.now();
    record(() => renewLease(runtime, system, { taskId: task.id, agent, generation: task.generation }));
  }, Math.max(250, Math.floor(ctx.leaseRenewEveryMs / 2)));
  const began = Date.now();
  let outcome: RunOutcome;
  try {
    outcome = await driver.run({ runId, agent, role, model: prepared.model, prompt: prepared.prompt, workspace, env, logPath, signal: watch.signal, sandbox, folders: { writable, readOnly: folders.readOnly.map((f) => join(ctx.home, f)) }, ...(prepared.maxTurns !== undefined ? { maxTurns: prepared.maxTurns } : {}) }, onEvent);
  } catch (e) {
    outcome = { exitCode: null, durationMs: Date.now() - began, inputTokens: 0, outputTokens: 0, costUsd: 0, outcome: 'crashed', reason: `driver failed: ${(e as Error).message}` };
  } finally {
    // The run is over (finished, stopped or crashed): its token dies with it, and its lease is no longer kept.
    clearInterval(keepLease);
    ctx.containment.capabilities.revoke(runId);
    watch.dispose();
    options.shutdown.removeEventListener('abort', onShutdown);
  }
  await recording;
  const stoppedBecause = watch.reason();
  const finished = await finishRun(runtime, caller, {
    runId,
    exitCode: outcome.exitCode ?? -1,
    durationMs: outcome.durationMs,
    inputTokens: outcome.inputTokens,
    outputTokens: outcome.outputTokens,
    costUsd: outcome.costUsd,
    outcome: outcome.outcome,
    ...(outcome.reason || stoppedBecause ? { reason: (stoppedBecause ?? outcome.reason)! } : {}),
  });
  if (isLeft(finished)) ctx.log.warn({ runId, err: finished.left }, 'could not record the run finish');

  const settled = await settleTask(ctx, system, agent, task, outcome, stoppedBecause, options.shutdown.aborted);
  await changeAgentStatus(runtime, caller, {
    agent,
    status: outcome.outcome === 'rate_limited' ? 'rate_limited' : options.shutdown.aborted ? 'offline' : 'idle',
    ...(outcome.outcome === 'rate_limited' && outcome.resetAt ? { reason: `rate limited until ${outcome.resetAt}` } : {}),
  });
  ctx.log.info({ agent, taskId: task.id, runId, outcome: outcome.outcome, task: settled }, 'run finished');
  return { runId, driver: driver.name, outcome, task: settled };
};

const settleTask = async (
  ctx: AgentRunContext,
  system: CommandCaller,
  agent: string,
  task: TaskView & { generation: number },
  outcome: RunOutcome,
  stoppedBecause: string | undefined,
  shuttingDown: boolean,
): Promise<FinishedRun['task']> => {
  const now = await resolveTask(ctx.runtime, task.id);
  if (isLeft(now)) return 'lost';
  const view = now.right;
  if (view.status === 'completed' || view.status === 'failed' || view.status === 'cancelled') return view.status;
  if (view.status !== 'claimed' || view.claimedBy !== agent || view.generation !== task.generation) return 'lost';
  const base = { taskId: task.id, agent, generation: task.generation };
  if (outcome.outcome === 'rate_limited' || shuttingDown) {
    const reason = shuttingDown ? 'swarm shut down before the run finished' : `rate limited${outcome.resetAt ? ` until ${outcome.resetAt}` : ''}`;
    const released = await releaseTask(ctx.runtime, system, { ...base, reason, attemptRefunded: true });
    return isLeft(released) ? 'lost' : 'released';
  }
  // A hung or crashed run says nothing about the task: retry it (the attempt counts; the last one dead-letters it).
  if (outcome.outcome === 'stopped' || outcome.outcome === 'crashed') {
    const why = stoppedBecause ?? outcome.reason ?? `the agent process ${outcome.outcome}`;
    const released = await releaseTask(ctx.runtime, system, { ...base, reason: `run ${outcome.outcome}: ${why}`, attemptRefunded: false });
    return isLeft(released) ? 'lost' : 'released';
  }
  const why = stoppedBecause ?? outcome.reason ?? `the agent process ended (${outcome.outcome}, exit code ${outcome.exitCode ?? 'none'})`;
  const failed = await failTask(ctx.runtime, system, { ...base, reason: `run ended without completing or failing the task: ${why}` });
  return isLeft(failed) ? 'lost' : 'failed_without_verdict';
};
