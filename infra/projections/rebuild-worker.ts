// A worker thread of `catchUpInParallel`: opens its own connections to the log and the projection store, folds
// the projections it was given (from position 0, in memory, as `catchUp` does) and reports what it applied.
import { parentPort, workerData } from 'node:worker_threads';
import { isLeft } from 'fp-ts/lib/Either.js';
import { openEventStore, parseStoreUrl } from '../log/open-event-store.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { allProjections } from '../../projections/all-projections.js';
import { createSqliteProjectionStore } from './sqlite-projection-store.js';
import type { RebuildWork, WorkerMessage } from './parallel-catch-up.js';

const work = workerData as RebuildWork;
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
  const result = await catchUp(log, store, projections, { upTo: work.upTo, onProgress, ...(work.untilTime ? { untilTime: work.untilTime } : {}) });
  parentPort!.postMessage({ kind: 'result', result } satisfies WorkerMessage);
} finally {
  store.close();
  await log.close();
}
