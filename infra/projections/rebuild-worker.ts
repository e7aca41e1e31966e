// A worker thread of `catchUpInParallel`: opens its own connections to the log and the projection store, folds
// the projections it was given (from position 0, in memory, as `catchUp` does) with its parts of split folds,
// posts those parts once its pass is over (the calling thread joins and writes them), writes its read models, and
// reports what it applied. Started with its work, or early (`swarm up`) and sent it.
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { openEventStore, parseStoreUrl } from '../log/open-event-store.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { transferableBuffers } from './transferable-buffers.js';
import { allProjections } from '../../projections/all-projections.js';
import { createSqliteProjectionStore } from './sqlite-projection-store.js';
import type { RebuildWork, ToWorkerMessage, WorkerMessage } from './parallel-catch-up.js';

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
    // Parts of split folds ride along this thread's pass over the log; each goes to the calling thread (its typed
    // arrays moved, not copied) as soon as the pass is over, for it to join and write while this thread writes.
    const alongside = work.parts.map(({ projection, eventTypes }) => {
      const split = allProjections.find((p) => p.name === projection);
      if (!split?.splitFold) throw new Error(`the rebuild worker was asked for a part of ${projection}, which has no split fold`);
      const fold = split.splitFold.part();
      return {
        eventTypes,
        apply: (e: RecordedEvent) => fold.apply(e),
        finished: () => {
          const part = fold.done();
          parentPort!.postMessage({ kind: 'part', projection, part } satisfies WorkerMessage, transferableBuffers(part));
        },
      };
    });
    const result = await catchUp(log, store, projections, { upTo: work.upTo, onProgress, alongside, ...(work.untilTime ? { untilTime: work.untilTime } : {}) });
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

parentPort!.on('message', (m: ToWorkerMessage) => start(m.work));
const data = workerData as RebuildWork | { readonly waitForWork: true };
if (!('waitForWork' in data)) start(data);
