import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { inSecondFile } from './sqlite-projection-store.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { writeJoinedFold } from '../../projections/engine/joined-fold.js';
import { catchUp, IN_MEMORY_MAX_EVENTS, type CatchUpOptions, type CatchUpResult } from '../../projections/engine/catch-up.js';
import type { Projection, ProjectionCheckpoint, ProjectionStore } from '../../projections/engine/projection.js';

/** Where a worker thread finds the log and the projection store (it opens its own connections). */
export interface StoreFiles {
  /** The `SWARM_STORE` value of the log. */
  readonly storeUrl: string;
  /** The SQLite file of the read models. */
  readonly projectionPath: string;
}

/** What a rebuild worker is asked to do. */
export interface RebuildWork extends StoreFiles {
  readonly projections: readonly string[];
  /**
   * Split folds: the worker folds a part of each from the events of `eventTypes` (which its read models read
   * anyway) and posts it (a `part` message) as soon as its pass is over, before it writes its own read models; the
   * calling thread joins it with its own part and writes the projection meanwhile.
   */
  readonly parts: readonly { readonly projection: string; readonly eventTypes: readonly string[] }[];
  readonly upTo: number;
  readonly untilTime?: string;
}

/**
 * The read models folded in the worker thread, those kept in the store's second file (so each thread writes its
 * own file, neither waiting for the other's lock): the read models of the most numerous events (runs, token sums
 * and the ledger read the run events, TokensUsed above all), which this thread then never reads, mail and
 * discussions. The causation index, which reads every event, is split (see `Projection.splitFold`): each thread
 * indexes the events it reads anyway, so the log is read about once in all; this thread joins the parts and writes it (in the third file) while the worker writes its own.
 * Unsplit (an as-of fold), it is folded whole in the worker.
 */
const inWorker = inSecondFile;

/**
 * The most events for which a rebuild uses two threads, and folds are split between them. The parts of a split fold need the whole pass, so
 * such a pass cannot stop when memory runs high (`CatchUpOptions.inMemoryMaxRss`): measured at about 1 GiB resident
 * for 1,000,000 events of swarm history (bench:start), this keeps it under 2 GiB. Longer logs fold the causation
 * index whole, in a pass that stops folding in memory at the bound and goes on in batches.
 */
export const SPLIT_MAX_EVENTS = 1_200_000;

/** Below this many events a worker costs more to start than it saves. */
const defaultMinEventsForWorker = 50_000;

export interface ParallelCatchUpOptions extends CatchUpOptions {
  /** The fewest events in the log for which a worker thread is used (default 50,000). */
  readonly minEventsForWorker?: number;
  /**
   * Called once this thread has folded its share and waits for the worker's (not called without a worker): work
   * this thread would do next anyway and that reads no read model (`swarm up` loads its services and builds its
   * dashboard) fills the wait.
   */
  readonly whileWaitingForWorker?: () => void;
}

/**
 * How the worker thread starts, from the built `dist/` above this module (bundled or not): its CommonJS bundle
 * (dist/cmd/rebuild-worker.cjs) compiled from V8's code cache (cli/bin/code-cache.cjs, as `swarm up` itself), else
 * its ES module. Always built code: a worker thread does not inherit a TypeScript loader, so even a run from the
 * sources (the benchmarks) uses dist/.
 */
const workerStart = (): { readonly script: string | URL; readonly eval: boolean } => {
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    for (const dist of [dir, join(dir, 'dist')]) {
      const module = join(dist, 'infra', 'projections', 'rebuild-worker.js');
      if (!existsSync(module)) continue;
      const starter = join(dist, '..', 'cli', 'bin', 'fold-worker-start.cjs');
      const script = existsSync(starter) ? (createRequire(here)(starter) as { foldWorkerScript(dist: string): string | undefined }).foldWorkerScript(dist) : undefined;
      return script ? { script, eval: true } : { script: pathToFileURL(module), eval: false };
    }
    if (dirname(dir) === dir) throw new Error(`the rebuild worker is not built (dist/infra/projections/rebuild-worker.js above ${here}); run npm run build`);
  }
};

/**
 * What a rebuild worker reports: its progress now and then, its part of each split fold once its pass is over, its
 * result once (its read models written).
 */
export type WorkerMessage =
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | { readonly kind: 'part'; readonly projection: string; readonly part: unknown }
  | { readonly kind: 'result'; readonly result: CatchUpResult };

/** What the calling thread sends a fold worker started early: its work. */
export type ToWorkerMessage = { readonly kind: 'work'; readonly work: RebuildWork };

/** A fold worker `swarm up` started before its bundle loaded (cli/bin/fold-worker-start.cjs), taken once. */
const earlyWorker = (): Worker | undefined => {
  const key = Symbol.for('swarmlog.earlyFoldWorker');
  const early = (globalThis as { [k: symbol]: { worker: Worker; failed: boolean } | undefined })[key];
  (globalThis as { [k: symbol]: unknown })[key] = undefined;
  if (!early || early.failed) {
    void early?.worker.terminate();
    return undefined;
  }
  early.worker.ref();
  return early.worker;
};

/** Stops a fold worker started early that no fold took (a restart with only a tail to fold, a log that cannot count). */
export const releaseEarlyWorker = (): void => void earlyWorker()?.terminate();

/** A worker folding `work` (the one started early when there is one): its parts of the split folds, its result. */
const foldInWorker = (work: RebuildWork, onProgress: (done: number, total: number) => void) => {
  const early = earlyWorker();
  const worker = early ?? (() => {
    const start = workerStart();
    return new Worker(start.script, { eval: start.eval, workerData: work });
  })();
  if (early) early.postMessage({ kind: 'work', work } satisfies ToWorkerMessage);
  const parts = new Map<string, unknown>();
  const partWaits = new Map<string, { resolve(part: unknown): void; reject(e: unknown): void }>();
  const result = new Promise<CatchUpResult>((resolve, reject) => {
    let reported: CatchUpResult | undefined;
    // Its result is final once posted (its read models written): the thread's teardown is not waited for.
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') onProgress(m.done, m.total);
      else if (m.kind === 'part') {
        parts.set(m.projection, m.part);
        partWaits.get(m.projection)?.resolve(m.part);
      } else resolve((reported = m.result));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (reported ? resolve(reported) : reject(new Error(`the rebuild worker exited with code ${code} before reporting`))));
  });
  // A part never comes from a worker that failed: whoever waits for one is told why.
  result.catch((e: unknown) => partWaits.forEach((w) => w.reject(e)));
  return {
    result,
    /** The worker's part of a split fold, once its pass is over. */
    partOf: (projection: string): Promise<unknown> =>
      parts.has(projection)
        ? Promise.resolve(parts.get(projection))
        : Promise.race([new Promise((resolve, reject) => partWaits.set(projection, { resolve, reject })), result.then(() => Promise.reject(new Error(`the rebuild worker finished without its part of ${projection}`)))]),
    /** Stops the worker (this thread failed). */
    stop: () => void worker.terminate(),
  };
};

/**
 * `catchUp` on two cores for a rebuild: when several read models must be folded from position 0, the largest
 * ones are folded in a worker thread while this thread folds the rest, each reading the log on its own connection
 * and writing its read models in its own transaction (the store lets one writer in at a time, and each projection's
 * documents and checkpoint still change together). Anything else is an ordinary `catchUp`.
 */
export const catchUpInParallel = async (
  files: StoreFiles,
  log: EventStore,
  store: ProjectionStore,
  projections: readonly Projection[],
  options: ParallelCatchUpOptions = {},
): Promise<CatchUpResult> => {
  const { minEventsForWorker = defaultMinEventsForWorker, whileWaitingForWorker, ...catchUpOptions } = options;
  const head = options.upTo ?? (await log.headPosition());
  // How many events there are decides whether a worker pays, and whether a split fold fits in memory: a log that
  // cannot say without reading them all (EventStoreDB) is caught up in this thread.
  const events = await log.eventCount();
  if (events === undefined) return catchUp(log, store, projections, catchUpOptions);
  const seen = new Map(projections.map((p) => [p.name, store.checkpoint(p.name)]));
  const fresh = (p: Projection) => {
    const c = seen.get(p.name);
    return c === undefined || c.position === 0 || c.version !== p.version;
  };
  // An as-of fold stops at the first event after a time, which each thread would find on its own: not split; nor
  // a log longer than a fold in memory takes (the parts see only the events of that fold), nor one whose split pass
  // would outgrow the memory bound.
  const split = options.untilTime === undefined && events <= Math.min(IN_MEMORY_MAX_EVENTS, SPLIT_MAX_EVENTS) ? projections.filter((p) => p.splitFold && fresh(p)) : [];
  const there = projections.filter((p) => inWorker.has(p.name) && fresh(p) && !split.includes(p));
  const here = projections.filter((p) => !there.includes(p) && !split.includes(p));
  // Past SPLIT_MAX_EVENTS the fold is too large for memory in any case and one thread folds it: two threads each
  // holding documents, then each making their texts, overshot the memory bound (2,456 MiB resident over 2,554,378
  // events with a 1.25 GiB bound, bench:start), where one thread stays near it.
  if (options.batchSize !== undefined || events === 0 || events < minEventsForWorker || events > SPLIT_MAX_EVENTS || there.length === 0 || here.length === 0)
    return catchUp(log, store, projections, catchUpOptions);
  // The worker reads the events of its read models; each split fold takes those there and every other one here.
  const theirTypes = new Set(there.flatMap((p) => p.eventTypes));
  const ourTypes = (p: Projection) => p.eventTypes.filter((t) => !theirTypes.has(t));
  // Events read here alone are counted, so that `applied` counts every event folded once (the worker counts its own).
  const oursAlone = [...new Set([...here.flatMap((p) => p.eventTypes), ...split.flatMap(ourTypes)])].filter((t) => !theirTypes.has(t));
  let appliedHereAlone = 0;
  const work: RebuildWork = {
    ...files,
    projections: there.map((p) => p.name),
    parts: split.map((p) => ({ projection: p.name, eventTypes: p.eventTypes.filter((t) => theirTypes.has(t)) })),
    upTo: head,
    ...(options.untilTime ? { untilTime: options.untilTime } : {}),
  };
  // One progress figure for both threads: the mean of how far each has got, both measured over the same pass.
  const done = { worker: 0, here: 0, total: 0 };
  const report = () => options.onProgress?.(Math.floor((done.worker + done.here) / 2), done.total);
  const worker = foldInWorker(work, (n, total) => ((done.worker = n), (done.total = total), report()));
  const ourParts = split.map((p) => ({ projection: p, fold: p.splitFold!.part() }));
  const alongside = [
    ...ourParts.map(({ projection, fold }) => ({ eventTypes: ourTypes(projection), apply: (e: RecordedEvent) => fold.apply(e) })),
    ...(split.length > 0 ? [{ eventTypes: oursAlone, apply: () => void appliedHereAlone++ }] : []),
  ];
  const ours = await catchUp(log, store, here, { ...catchUpOptions, upTo: head, alongside, onProgress: (n, total) => ((done.here = n), (done.total = total), report()) }).catch((e: unknown) => {
    worker.stop();
    throw e;
  });
  // Each split fold joined with the worker's part (posted when its pass ended, so it is here or on its way) and
  // written while the worker writes its own read models; then what comes next (`swarm up` builds its dashboard)
  // fills the wait for them.
  try {
    for (const { projection, fold } of ourParts) writeJoinedFold(store, projection, [fold.done(), await worker.partOf(projection.name)], seen.get(projection.name), head);
  } catch (e) {
    worker.stop();
    throw e;
  }
  whileWaitingForWorker?.();
  const theirs = await worker.result;
  const position = Math.min(theirs.position, ours.position);
  const applied = split.length > 0 ? theirs.applied + appliedHereAlone : Math.max(theirs.applied, ours.applied);
  return { applied, position };
};
