import { performance } from 'node:perf_hooks';
import { projectionStorePath } from '../../infra/config/store-location.js';
import { catchUpInParallel, releaseEarlyWorker, type ParallelCatchUpOptions } from '../../infra/projections/parallel-catch-up.js';
import { allProjections } from '../../projections/all-projections.js';
import type { Projection, ProjectionCheckpoint } from '../../projections/engine/projection.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import type { CliContext } from '../cli-context.js';
import { progressBar } from '../progress.js';

/**
 * A read model this far behind (the share of the log after its checkpoint) is folded again from position 0, as
 * `swarm rebuild` folds it (in memory, each document written once, on two threads), rather than in batches through
 * the store: from 0 costs the whole log but far less per event, and beyond this share it is the faster way.
 */
export const farBehindShare = 0.5;

/**
 * A long tail makes from 0 the faster way sooner: measured (2026-12-05, a 100,004-event log with tails of 20,000 to
 * 40,000 events) the batches cost ~80 µs an event of the tail and the fold from 0 ~13 µs an event of the whole log,
 * crossing at 15–17% behind. Past `longTailShare` a tail of at least `longTailEvents` events is folded from 0 too;
 * a short tail never is (a restart after a little work folds only it, whatever the log's length), nor a tail on a
 * log that cannot count its events without reading them (EventStoreDB, where positions are bytes).
 */
export const longTailShare = 0.2;
export const longTailEvents = 20_000;

/** How much of the log comes after a read model's checkpoint (0: current, 1: never folded). */
const shareBehind = (runtime: SwarmRuntime, p: Projection, c: ProjectionCheckpoint | undefined, head: number): number => {
  if (!c || c.version !== p.version || c.position === 0) return 1;
  const { done, total } = runtime.log.progress(0, c.position, head);
  return total === 0 ? 0 : 1 - done / total;
};

/**
 * `swarm up`'s first step: the read models caught up before anything reads them, at rebuild speed when they are
 * far behind (a new host joining a long-running swarm, or one back after a long absence), with a progress line;
 * a restart folds only the tail. Returns what it did, for the start lines.
 */
export const catchUpAtStart = async (
  ctx: Pick<CliContext, 'env'>,
  runtime: SwarmRuntime,
  storeUrl: string,
  options: Pick<ParallelCatchUpOptions, 'minEventsForWorker' | 'whileWaitingForWorker'> & { readonly longTailEvents?: number } = {},
): Promise<{ events: number; seconds: number; rebuilt: number }> => {
  const { longTailEvents: longTail = longTailEvents, ...catchUpOptions } = options;
  const started = performance.now();
  const head = await runtime.log.headPosition();
  const shares = head === 0 ? [] : allProjections.map((p) => shareBehind(runtime, p, runtime.projections.checkpoint(p.name), head));
  // Counted only when a tail's length decides (a count reads an index of the whole log: ~20 ms at 1,000,000 events).
  const events = shares.some((share) => share > longTailShare && share <= farBehindShare) ? await runtime.log.eventCount() : undefined;
  const isFarBehind = (share: number) => share > farBehindShare || (events !== undefined && share > longTailShare && share * events >= longTail);
  const far = allProjections.filter((_, i) => i < shares.length && isFarBehind(shares[i]!));
  if (far.length > 0)
    runtime.projections.write((tx) => {
      for (const p of far) {
        // Another host's process may have moved it meanwhile: reset only what is still far behind.
        if (!isFarBehind(shareBehind(runtime, p, tx.checkpoint(p.name), head))) continue;
        tx.clear(p.name);
        tx.setCheckpoint(p.name, { position: 0, version: p.version });
      }
    }, { projections: far.map((p) => p.name) });
  const bar = far.length > 0 ? progressBar(`read models: folding ${far.length} from the start of the log`) : undefined;
  const files = { storeUrl, projectionPath: projectionStorePath(storeUrl, ctx.env) };
  const result = await catchUpInParallel(files, runtime.log, runtime.projections, allProjections, { ...catchUpOptions, ...(bar ? { onProgress: (done: number, total: number) => bar.update(done, total) } : {}) }).finally(releaseEarlyWorker);
  bar?.stop();
  return { events: result.applied, seconds: (performance.now() - started) / 1000, rebuilt: far.length };
};
