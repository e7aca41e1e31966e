import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EventStore } from '../../domain/log/event-store.js';
import { catchUp, type CatchUpOptions, type CatchUpResult } from '../../projections/engine/catch-up.js';
import type { Projection, ProjectionStore } from '../../projections/engine/projection.js';

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
  readonly upTo: number;
  readonly untilTime?: string;
}

/**
 * The read models folded in the worker thread. The causation index reads every event, so the worker reads the
 * whole log anyway: it also takes the read models of the most numerous events (runs, token sums and the ledger
 * read the run events, TokensUsed above all), which this thread then never reads, and mail. Measured at 1M events
 * (scripts/bench-core.ts) both threads then finish within about a second of each other; with the ledger in the
 * calling thread, that thread read a fifth of the log for the ledger alone and finished about two seconds later.
 */
const inWorker = new Set(['causation', 'runs', 'tokens', 'ledger', 'mail']);

/** Below this many events a worker costs more to start than it saves. */
const defaultMinEventsForWorker = 50_000;

export interface ParallelCatchUpOptions extends CatchUpOptions {
  /** The fewest events in the log for which a worker thread is used (default 50,000). */
  readonly minEventsForWorker?: number;
}

/**
 * The built worker script, in the `dist/` above this module (bundled or not). Always the built one: a worker
 * thread does not inherit a TypeScript loader, so even a run from the sources (the benchmarks) uses dist/.
 */
const workerScript = (): URL => {
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    for (const candidate of [join(dir, 'infra', 'projections', 'rebuild-worker.js'), join(dir, 'dist', 'infra', 'projections', 'rebuild-worker.js')])
      if (existsSync(candidate)) return pathToFileURL(candidate);
    if (dirname(dir) === dir) throw new Error(`the rebuild worker is not built (dist/infra/projections/rebuild-worker.js above ${here}); run npm run build`);
  }
};

/** What a rebuild worker reports: its progress now and then, its result once. */
export type WorkerMessage = { readonly kind: 'progress'; readonly done: number; readonly total: number } | { readonly kind: 'result'; readonly result: CatchUpResult };

const foldInWorker = (work: RebuildWork, onProgress: (done: number, total: number) => void): Promise<CatchUpResult> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(workerScript(), { workerData: work });
    let result: CatchUpResult | undefined;
    worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') onProgress(m.done, m.total);
      else result = m.result;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`the rebuild worker exited with code ${code} before reporting`))));
  });

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
  const { minEventsForWorker = defaultMinEventsForWorker, ...catchUpOptions } = options;
  const head = options.upTo ?? (await log.headPosition());
  const fresh = (p: Projection) => {
    const c = store.checkpoint(p.name);
    return c === undefined || c.position === 0 || c.version !== p.version;
  };
  const there = projections.filter((p) => inWorker.has(p.name) && fresh(p));
  const here = projections.filter((p) => !there.includes(p));
  if (options.batchSize !== undefined || head < minEventsForWorker || there.length === 0 || here.length === 0) return catchUp(log, store, projections, catchUpOptions);
  const work: RebuildWork = { ...files, projections: there.map((p) => p.name), upTo: head, ...(options.untilTime ? { untilTime: options.untilTime } : {}) };
  // One progress figure for both threads: the mean of the positions each has folded up to, out of the head.
  const done = { worker: 0, here: 0 };
  const report = () => options.onProgress?.(Math.floor((done.worker + done.here) / 2), head);
  const [theirs, ours] = await Promise.all([
    foldInWorker(work, (n) => ((done.worker = n), report())),
    catchUp(log, store, here, { ...catchUpOptions, upTo: head, onProgress: (n) => ((done.here = n), report()) }),
  ]);
  return { applied: Math.max(theirs.applied, ours.applied), position: Math.min(theirs.position, ours.position) };
};
