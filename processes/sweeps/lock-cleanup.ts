import { isLeft } from 'fp-ts/lib/Either.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { locksProjection } from '../../projections/locks/locks-projection.js';
import { expiredLocks } from '../../projections/locks/queries.js';
import { expireLock } from '../commands/lock-commands.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';
import type { SweepReport } from './proposal-expiry.js';

/**
 * Clears every file lock past its expiry (SPEC §3.2; the original had no cleanup: W-32). Safe to run twice or from
 * two processes at once: a lock refreshed or taken over in the meantime is refused by the lock's decider and
 * left alone, and one already cleared appends nothing.
 */
export const clearExpiredLocks = async (runtime: SwarmRuntime, caller: CommandCaller): Promise<SweepReport> => {
  const reader = await freshReader(runtime.log, runtime.projections, locksProjection);
  const report: SweepReport = { done: [], skipped: [] };
  for (const lock of expiredLocks(reader, runtime.now())) {
    const expired = await expireLock(runtime, caller, { path: lock.path });
    if (isLeft(expired)) report.skipped.push({ id: lock.path, reason: expired.left.message });
    else if (expired.right.expired) report.done.push(lock.path);
  }
  return report;
};
