// A worker thread of `catchUpInParallel`: opens its own connections to the log and the projection store, folds
// the projections it was given (from position 0, in memory, as `catchUp` does) and reports what it applied.
import { parentPort, workerData } from 'node:worker_threads';
import { isLeft } from 'fp-ts/lib/Either.js';
import { openEventStore, parseStoreUrl } from '../log/open-event-store.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { allProjections } from '../../projections/all-projections.js';
import { createSqliteProjectionStore } from './sqlite-projection-store.js';
import type { RebuildWork } from './parallel-catch-up.js';

const work = workerData as RebuildWork;
const location = parseStoreUrl(work.storeUrl);
if (isLeft(location)) throw new Error(location.left);
const log = await openEventStore(location.right);
const store = createSqliteProjectionStore(work.projectionPath);
try {
  const projections = allProjections.filter((p) => work.projections.includes(p.name));
  const result = await catchUp(log, store, projections, { upTo: work.upTo, ...(work.untilTime ? { untilTime: work.untilTime } : {}) });
  parentPort!.postMessage(result);
} finally {
  store.close();
  await log.close();
}
