import { isLeft } from 'fp-ts/lib/Either.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { expiredLeases } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import { expireLease } from '../commands/task-commands.js';

/**
 * The lease watchdog (SPEC §3.1, §5): a claimed task whose holder stopped renewing its lease goes back to pending
 * (keeping its routing), or is dead-lettered after its last attempt. Another watchdog (a second `swarm up`) racing
 * on the same lease is harmless: the decider accepts the expiry once.
 */
export const sweepLeases = async (runtime: SwarmRuntime): Promise<number> => {
  const board = await freshReader(runtime.log, runtime.projections, taskBoard);
  let expired = 0;
  for (const lease of expiredLeases(board, runtime.now())) {
    const done = await expireLease(runtime, { actor: { kind: 'system', id: 'lease-watchdog' } }, { taskId: lease.id, generation: lease.generation });
    if (!isLeft(done)) expired++;
  }
  return expired;
};

/**
 * Sweeps every `everyMs`. A sweep that fails (the log unreachable: a node restart, a leader election) is reported to
 * `onError` and tried again at the next tick; left to reject, it ended `swarm up` as an unhandled rejection.
 */
export const startLeaseWatchdog = (runtime: SwarmRuntime, everyMs: number, onExpired?: (n: number) => void, onError?: (error: unknown) => void) => {
  let sweeping = false;
  const timer = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const n = await sweepLeases(runtime);
      if (n > 0) onExpired?.(n);
    } catch (error) {
      onError?.(error);
    } finally {
      sweeping = false;
    }
  }, everyMs);
  return { stop: () => clearInterval(timer) };
};
