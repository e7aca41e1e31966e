import { isLeft } from 'fp-ts/lib/Either.js';
import type { AgentDriver } from '../../agents/drivers/driver.js';
import { dayOf } from '../../domain/run/quantities.js';
import { roleOfAgent, typesOfRole } from '../../domain/task/task-rules.js';
import { agentsProjection } from '../../projections/agents/agents-projection.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { budgetBlocks } from '../../projections/tokens/queries.js';
import { tokensProjection } from '../../projections/tokens/tokens-projection.js';
import { claimTask } from '../commands/task-commands.js';
import { eventLoopTurns } from '../engine/event-loop-turns.js';
import { runClaimedTask, type AgentRunContext, type FinishedRun } from './agent-run.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';

export interface DispatcherOptions extends AgentRunContext {
  /** The agents this instance runs (roles, or instances such as `builder-2`). */
  readonly agents: readonly string[];
  readonly maxConcurrent: number;
  readonly backoff: BackoffPolicy;
  /** The driver for an agent's next run (the fallback after a rate limit is the chooser's business). */
  readonly driverFor: (agent: string) => AgentDriver;
  /** Told about every finished run (rate-limit fallback, tests). */
  readonly onRunFinished?: (agent: string, run: FinishedRun) => void;
  /** Wakes the dispatcher at least this often even without events (lease expiries, backoff ends). */
  readonly idleWakeMs?: number;
}

interface AgentSlot {
  busy: boolean;
  failures: number;
  notBefore: number;
}


/**
 * The supervisor (SPEC §5): per agent, claims the next task and starts a run only when there is one (never an idle
 * session, W-09); at most `maxConcurrent` runs at once; restart backoff after consecutive failed runs; paused,
 * rate-limited or over-budget agents are skipped. Woken by `wake()` (new tasks, returned tasks, finished runs) and
 * by a slow timer, so dispatch follows an append within milliseconds instead of the original's 60 s poll.
 */
export const startDispatcher = (options: DispatcherOptions) => {
  const slots = new Map<string, AgentSlot>(options.agents.map((a) => [a, { busy: false, failures: 0, notBefore: 0 }]));
  const shutdown = new AbortController();
  const running = new Set<Promise<void>>();
  let ticking = false;
  let again = false;
  let stopped = false;
  const pausedUntil = new Map<string, number>();

  const runningCount = () => [...slots.values()].filter((s) => s.busy).length;
  const turn = eventLoopTurns();

  const tick = async (): Promise<void> => {
    if (stopped) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    try {
      do {
        again = false;
        const now = Date.now();
        const day = dayOf(options.runtime.now());
        const candidates = options.agents.filter((a) => {
          const slot = slots.get(a)!;
          return !slot.busy && slot.notBefore <= now && (pausedUntil.get(a) ?? 0) <= now;
        });
        if (candidates.length === 0) break;
        const [tokens, agents] = await Promise.all([
          freshReader(options.runtime.log, options.runtime.projections, tokensProjection),
          freshReader(options.runtime.log, options.runtime.projections, agentsProjection),
        ]);
        if (budgetBlocks(tokens, 'swarm', day)) break;
        for (const agent of candidates) {
          if (stopped || runningCount() >= options.maxConcurrent) break;
          const status = agents.get<{ status: string }>('agents', agent)?.status;
          if (status === 'paused') continue;
          if (budgetBlocks(tokens, agent, day)) continue;
          const claimed = await claimTask(options.runtime, { actor: { kind: 'system', id: 'dispatcher' } }, { agent });
          if (isLeft(claimed)) {
            options.log.warn({ agent, err: claimed.left }, 'claim failed');
            continue;
          }
          if (claimed.right.status !== 'claimed') continue;
          const slot = slots.get(agent)!;
          slot.busy = true;
          const task = claimed.right.task;
          const work = runClaimedTask(options, options.driverFor(agent), agent, task, { shutdown: shutdown.signal })
            .then((finished) => {
              const good = finished.outcome.outcome === 'completed' && finished.task === 'completed';
              slot.failures = good || finished.outcome.outcome === 'rate_limited' ? 0 : slot.failures + 1;
              slot.notBefore = Date.now() + backoffDelay(options.backoff, slot.failures);
              if (finished.outcome.outcome === 'rate_limited' && finished.outcome.resetAt)
                pausedUntil.set(agent, Math.max(Date.parse(finished.outcome.resetAt) || 0, 0));
              options.onRunFinished?.(agent, finished);
            })
            .catch((e) => {
              slot.failures += 1;
              slot.notBefore = Date.now() + backoffDelay(options.backoff, slot.failures);
              options.log.error({ agent, taskId: task.id, err: e }, 'run crashed in the dispatcher');
            })
            .finally(() => {
              slot.busy = false;
              running.delete(work);
              wakeUp();
            });
          running.add(work);
          // A run's start (its claim, its prompt's memories, its process) is work between event-loop turns: ten agents
          // starting at once held a new host's dashboard unanswered for a second. Turning between them lets it answer.
          await turn();
        }
      } while (again && !stopped);
    } finally {
      ticking = false;
    }
  };

  // A failed round (the store busy, a read model rebuilding) is logged; the next wake or the timer tries again.
  const wakeUp = () => void tick().catch((e: unknown) => options.log.error({ err: e }, 'dispatch round failed'));
  const timer = setInterval(wakeUp, options.idleWakeMs ?? 5_000);
  wakeUp();
  return {
    wake: wakeUp,
    /**
     * A person decided (approved a project or product, rejected one, retried a publish) and a task of this type now
     * waits: the agents that take it drop their restart backoff, so the decision is acted on at once rather than
     * minutes later (issue 17). Rate-limit pauses stay: those are the provider's, not ours.
     */
    resumeFor: (taskType: string, assignedTo?: string) => {
      for (const [agent, slot] of slots) {
        const role = roleOfAgent(agent);
        if (role === undefined || !typesOfRole(role).includes(taskType)) continue;
        // A task addressed to a role (`builder`) is for each of its instances (`builder-2`); to an instance, for that one.
        if (assignedTo && agent !== assignedTo && role !== assignedTo) continue;
        slot.failures = 0;
        slot.notBefore = 0;
      }
      wakeUp();
    },
    /** Lifts a rate-limit pause early (e.g. when a fallback driver is available). */
    resume: (agent: string) => {
      pausedUntil.delete(agent);
      wakeUp();
    },
    running: runningCount,
    /** Stops dispatching, stops the runs in progress and hands their tasks back. */
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      shutdown.abort();
      await Promise.allSettled([...running]);
    },
  };
};

export const isKnownAgent = (agent: string): boolean => roleOfAgent(agent) !== undefined;
