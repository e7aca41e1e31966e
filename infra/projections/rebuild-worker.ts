// A worker thread of `catchUpInParallel`: opens its own connections to the log and the projection store, folds
// the projections it was given (from position 0, in memory, as `catchUp` does) with its parts of split folds,
// writes its read models, then joins each split fold's parts (its own and the calling thread's, posted to it) and
// writes them, and reports what it applied. Started with its work, or early (`swarm up`) and sent it.
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { openEventStore, parseStoreUrl } from '../log/open-event-store.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { writeJoinedFold } from '../../projections/engine/joined-fold.js';
import { allProjections } from '../../projections/all-projections.js';
import { createSqliteProjectionStore } from './sqlite-projection-store.js';
import type { RebuildWork, ToWorkerMessage, WorkerMessage } from './parallel-catch-up.js';

/** The calling thread's parts of split folds, by projection, as they arrive. */
const theirParts = new Map<string, { part?: unknown; arrived?: (part: unknown) => void }>();
const partOf = (projection: string): Promise<unknown> => {
  const slot = theirParts.get(projection) ?? {};
  theirParts.set(projection, slot);
  return 'part' in slot ? Promise.resolve(slot.part) : new Promise((resolve) => (slot.arrived = resolve));
};

// Not top-level await: this module is also bundled as CommonJS (dist/cmd/rebuild-worker.cjs, started with the code
// cache of cli/bin/code-cache.cjs). A failure rejects, which ends the thread with an error the caller reports.
const run = async (work: RebuildWork): Promise<void> => {
  const location = parseStoreUrl(work.storeUrl);
  if (isLeft(location)) throw new Error(location.left);
  const log = await openEventStore(location.right);
  const store = createSqliteProjectionStore(work.projectionPath);
  try {
    const projections = allProjections.filter((p) => work.projections.includes(p.name));
    // Progress goes to the main thread at most once per 1% of the positions (it shows one bar for both threads).
    let reported = -1;
    const onProgress = (done: number, total: number) => {
      const percent = Math.floor((done / Math.max(total, 1)) * 100);
      if (percent === reported) return;
      reported = percent;
      parentPort!.postMessage({ kind: 'progress', done, total } satisfies WorkerMessage);
    };
    // Parts of split folds ride along this thread's pass over the log; each is joined with the calling thread's
    // part once this thread's own read models are written.
    const ownParts = work.parts.map(({ projection, eventTypes, seen }) => {
      const split = allProjections.find((p) => p.name === projection);
      if (!split?.splitFold) throw new Error(`the rebuild worker was asked for a part of ${projection}, which has no split fold`);
      return { projection: split, seen, fold: split.splitFold.part(), eventTypes };
    });
    const alongside = ownParts.map(({ fold, eventTypes }) => ({ eventTypes, apply: (e: RecordedEvent) => fold.apply(e) }));
    const result = await catchUp(log, store, projections, { upTo: work.upTo, onProgress, alongside, ...(work.untilTime ? { untilTime: work.untilTime } : {}) });
    for (const { projection, seen, fold } of ownParts) writeJoinedFold(store, projection, [await partOf(projection.name), fold.done()], seen, work.upTo);
    parentPort!.postMessage({ kind: 'result', result } satisfies WorkerMessage);
  } finally {
    store.close();
    await log.close();
  }
};

const start = (work: RebuildWork) =>
  void run(work).then(() => {
    parentPort!.close();
    // What this fold compiled, for the next worker (set by the code cache's bootstrap; absent on the ES module build).
    (globalThis as { [k: symbol]: (() => void) | undefined })[Symbol.for('swarmlog.saveCodeCache')]?.();
  });

parentPort!.on('message', (m: ToWorkerMessage) => {
  if (m.kind === 'work') start(m.work);
  else {
    const slot = theirParts.get(m.projection) ?? {};
    theirParts.set(m.projection, slot);
    slot.part = m.part;
    slot.arrived?.(m.part);
  }
});
const data = workerData as RebuildWork | { readonly waitForWork: true };
if (!('waitForWork' in data)) start(data);
