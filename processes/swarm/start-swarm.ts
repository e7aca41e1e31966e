import type { Logger } from 'pino';
import type { AgentDriver } from '../../agents/drivers/driver.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { catchUpWhenMoved } from '../../projections/engine/catch-up-when-moved.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { PreparedRun, RunContainment } from '../dispatcher/agent-run.js';
import { startDispatcher } from '../dispatcher/dispatcher.js';
import type { FinishedRun } from '../dispatcher/agent-run.js';
import { defaultBackoff, type BackoffPolicy } from '../dispatcher/backoff.js';
import type { ProcessManager } from '../engine/process-manager.js';
import { runProcessManagers } from '../engine/run-process-managers.js';
import { startLeaseWatchdog } from '../pipeline/lease-watchdog.js';
import { instanceName, processAlive, recoverDeadRuns } from '../pipeline/run-recovery.js';
import { hostname } from 'node:os';
import type { TaskView } from '../../projections/tasks/task-view.js';

/** Events after which an idle agent may find work: the dispatcher wakes on them instead of polling. */
const wakeTypes = ['TaskCreated', 'TaskReleased', 'TaskLeaseExpired', 'TaskPrioritySet', 'BudgetRaised', 'BudgetResumed', 'AgentResumed'];

export interface SwarmOptions {
  readonly runtime: SwarmRuntime;
  readonly home: string;
  readonly log: Logger;
  /** Agents this instance runs; empty with `--no-agents`. */
  readonly agents: readonly string[];
  readonly managers: readonly ProcessManager[];
  readonly driverFor: (agent: string) => AgentDriver;
  readonly prepare: (agent: string, task: TaskView, runId: string) => Promise<PreparedRun>;
  readonly baseEnv: Readonly<Record<string, string>>;
  readonly containment: RunContainment;
  readonly maxConcurrent: number;
  readonly progressTimeoutMs: number;
  readonly sessionCapMs: number;
  readonly leaseSeconds: number;
  readonly backoff?: BackoffPolicy;
  readonly leaseSweepMs?: number;
  readonly onSpawn?: (info: { agent: string; taskId: string; runId: string }) => void;
  readonly onRunFinished?: (agent: string, run: FinishedRun) => void;
  /** More background work to start and stop with the swarm (the scheduler, the HTTP server …). */
  readonly extras?: readonly { stop(): Promise<void> | void }[];
}

/**
 * Everything `swarm up` runs on one log (SPEC §5): read models kept current, the process managers from their
 * checkpoints, the lease watchdog, and the dispatcher for this instance's agents. Several instances (on one host or
 * many) share a log and split the work: claims decide who runs what, and follow-ups are idempotent.
 */
export const startSwarm = async (o: SwarmOptions) => {
  const { runtime, log } = o;
  await catchUp(runtime.log, runtime.projections, allProjections);

  // Runs that died with an earlier `swarm up` of this host hand their tasks back now, not when their leases run out.
  const self = { host: hostname(), pid: process.pid };
  if (o.agents.length > 0) {
    const recovered = await recoverDeadRuns(runtime, self, processAlive);
    if (recovered.length > 0) log.info({ recovered }, 'runs that died with an earlier swarm up: their tasks are back in the queue');
  }

  // Keep the read models current as events land (queries catch up anyway; this keeps them cheap).
  const head = await runtime.log.headPosition();
  const follower = runtime.log.subscribeToAll({ fromPosition: head });
  let folding = Promise.resolve();
  const caughtUp = catchUpWhenMoved(runtime.log, runtime.projections, allProjections);
  const fold = () => (folding = folding.then(caughtUp).catch((e) => log.error({ err: e }, 'projection catch-up failed')));

  // Each manager sees the read models with the event it handles folded in.
  const managers = runProcessManagers(runtime, o.managers, { log, beforeEach: caughtUp });
  managers.done.catch((e) => log.error({ err: e }, 'a process manager stopped'));

  const dispatcher =
    o.agents.length > 0
      ? startDispatcher({
          runtime,
          home: o.home,
          baseEnv: o.baseEnv,
          containment: o.containment,
          progressTimeoutMs: o.progressTimeoutMs,
          sessionCapMs: o.sessionCapMs,
          leaseRenewEveryMs: Math.max(1000, (o.leaseSeconds * 1000) / 3),
          instance: instanceName(self.host, self.pid),
          prepare: o.prepare,
          log,
          agents: o.agents,
          maxConcurrent: o.maxConcurrent,
          backoff: o.backoff ?? defaultBackoff,
          driverFor: o.driverFor,
          ...(o.onSpawn ? { onSpawn: o.onSpawn } : {}),
          ...(o.onRunFinished ? { onRunFinished: o.onRunFinished } : {}),
        })
      : undefined;

  const followed = (async () => {
    for await (const message of follower) {
      if (message.kind !== 'event') continue;
      if (dispatcher && wakeTypes.includes(message.event.type)) dispatcher.wake();
      // A task made by a person's decision (its follow-ups carry the person as actor) resumes the agent it is for.
      if (dispatcher && message.event.type === 'TaskCreated' && message.event.metadata.actor.kind === 'human') {
        const created = message.event.data as { type?: unknown; assignedTo?: unknown };
        if (typeof created.type === 'string') dispatcher.resumeFor(created.type, typeof created.assignedTo === 'string' ? created.assignedTo : undefined);
      }
      void fold();
    }
  })().catch((e) => log.error({ err: e }, 'log subscription ended'));

  const watchdog = startLeaseWatchdog(runtime, o.leaseSweepMs ?? Math.min(15_000, Math.max(250, (o.leaseSeconds * 1000) / 3)), (n) => {
    log.info({ expired: n }, 'leases expired');
    dispatcher?.wake();
  }, (e) => log.warn({ err: e }, 'lease sweep failed; trying again at the next tick'));

  return {
    dispatcher,
    stop: async () => {
      watchdog.stop();
      await dispatcher?.stop();
      // The managers take no new event from now on; the follow-up in hand finishes while the extras stop (stopping
      // Slack ends a post that is retrying an unreachable Slack), and the runtime stays open until it has.
      const managersClosed = managers.close();
      for (const extra of o.extras ?? []) await extra.stop();
      await managersClosed;
      await follower.close();
      await followed;
      await folding;
    },
  };
};
