import { isLeft } from 'fp-ts/lib/Either.js';
import { agentNames } from '../../domain/agent/roles.js';
import { agentsProjection } from '../../projections/agents/agents-projection.js';
import { runsProjection, type RunView } from '../../projections/agents/runs-projection.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import { finishRun } from '../commands/run-commands.js';
import { releaseTask, resolveTask } from '../commands/task-commands.js';

/** How many of each agent's newest runs a restart looks at (more than one instance may have run the agent). */
const newestRunsPerAgent = 5;

/** A `swarm up` as runs record it: `<host>:<pid>`. */
export const instanceName = (host: string, pid: number): string => `${host}:${pid}`;

const parseInstance = (instance: string): { host: string; pid: number } | undefined => {
  const at = instance.lastIndexOf(':');
  const pid = Number(instance.slice(at + 1));
  return at > 0 && Number.isInteger(pid) && pid > 0 ? { host: instance.slice(0, at), pid } : undefined;
};

export interface RecoveredRun {
  readonly runId: string;
  readonly agent: string;
  readonly taskId?: string;
  /** What became of its task: back in the queue, or already settled or taken by someone else. */
  readonly task: 'released' | 'not_held';
}

/**
 * The runs that died with a `swarm up` of this host (issue 17 point 5): a run still open in the log whose instance
 * is a process of this host that no longer exists. Each is finished as crashed and the task it held goes back to
 * the queue at once, without using up an attempt (the agent did nothing wrong), instead of waiting for its lease to
 * run out. Runs of other hosts, or of processes still alive (another `swarm up` on this host), are left to their
 * leases. Safe to run twice: a finished run and a task no longer held are left alone.
 */
export const recoverDeadRuns = async (
  runtime: SwarmRuntime,
  self: { readonly host: string; readonly pid: number },
  isAlive: (pid: number) => boolean,
): Promise<RecoveredRun[]> => {
  const runs = await freshReader(runtime.log, runtime.projections, runsProjection);
  const agents = await freshReader(runtime.log, runtime.projections, agentsProjection);
  const system: CommandCaller = { actor: { kind: 'system', id: 'run-recovery' } };
  const recovered: RecoveredRun[] = [];
  // An agent runs one task at a time per instance, so a run that died with its swarm up is among its agent's newest:
  // a few per agent are read, not every run of a long history.
  const names = new Set<string>([...agentNames, ...agents.all<{ agent: string }>('agents').map((a) => a.agent)]);
  const newest = [...names]
    .flatMap((agent) => runs.page<{ runId: string }>('by-agent', { prefix: `${agent}|`, limit: newestRunsPerAgent }))
    .map(({ runId }) => runs.get<RunView>('runs', runId))
    .filter((run): run is RunView => run !== undefined);
  for (const run of newest) {
    if (run.status !== 'running' || !run.instance) continue;
    const owner = parseInstance(run.instance);
    if (!owner || owner.host !== self.host || owner.pid === self.pid || isAlive(owner.pid)) continue;
    const reason = `its swarm up (${run.instance}) died; recognised by the restarted instance`;
    const caller: CommandCaller = { ...system, runId: run.runId };
    const finished = await finishRun(runtime, caller, {
      runId: run.runId,
      exitCode: -1,
      durationMs: Math.max(0, Date.parse(runtime.now()) - Date.parse(run.startedAt)),
      // Its totals are what it recorded while alive (a finish below them is refused): the driver never reported an end.
      inputTokens: run.inputTokens,
      outputTokens: run.outputTokens,
      costUsd: run.costMicroUsd / 1e6,
      outcome: 'crashed',
      reason,
    });
    if (isLeft(finished) && finished.left.code !== 'conflict') throw new Error(`finish run ${run.runId}: ${finished.left.message}`);
    let task: RecoveredRun['task'] = 'not_held';
    if (run.taskId) {
      const view = await resolveTask(runtime, run.taskId);
      // Still the claim this run worked on: claimed by its agent no later than the run started (a later claim is
      // another run's, on another instance, after the lease ran out).
      const claim = isLeft(view) ? undefined : view.right;
      if (claim && claim.status === 'claimed' && claim.claimedBy === run.agent && (!claim.claimedAt || claim.claimedAt <= run.startedAt)) {
        const released = await releaseTask(runtime, caller, { taskId: run.taskId, agent: run.agent, generation: claim.generation, reason, attemptRefunded: true });
        if (!isLeft(released)) task = 'released';
      }
    }
    recovered.push({ runId: run.runId, agent: run.agent, ...(run.taskId ? { taskId: run.taskId } : {}), task });
  }
  return recovered;
};

/** Whether a process of this host is alive (signal 0 checks without touching it; EPERM means it exists). */
export const processAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};
