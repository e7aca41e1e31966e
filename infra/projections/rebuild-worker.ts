// A worker thread of `catchUpInParallel`: opens its own connections to the log and the projection store, folds
// the projections it was given (from position 0, in memory, as `catchUp` does) and its parts of split folds,
// joins those with the calling thread's parts and writes them, and reports what it applied.
import { parentPort, workerData } from 'node:worker_threads';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { openEventStore, parseStoreUrl } from '../log/open-event-store.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { allProjections } from '../../projections/all-projections.js';
import { createSqliteProjectionStore } from './sqlite-projection-store.js';
import type { FoldedPart, RebuildWork, WorkerMessage } from './parallel-catch-up.js';
import { writeJoinedFold } from '../../projections/engine/joined-fold.js';

const work = workerData as RebuildWork;
// The calling thread's parts of split folds, as they come (listened for from the start: none is missed).
const arrived = new Map<string, FoldedPart>();
const waiting = new Map<string, (part: FoldedPart) => void>();
parentPort!.on('message', (m: FoldedPart) => {
  const wait = waiting.get(m.projection);
  if (wait) wait(m);
  else arrived.set(m.projection, m);
});
const theirPart = (projection: string): Promise<FoldedPart> =>
  new Promise((resolve) => {
    const there = arrived.get(projection);
    if (there) resolve(there);
    else waiting.set(projection, resolve);
  });
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
  // Parts of split folds ride along this thread's pass over the log; the calling thread posts its own parts.
  const parts = work.parts.map((asked) => {
    const projection = allProjections.find((p) => p.name === asked.projection);
    if (!projection?.splitFold) throw new Error(`the rebuild worker was asked for a part of ${asked.projection}, which has no split fold`);
    return { ...asked, projection, fold: projection.splitFold.part() };
  });
  const alongside = parts.map((p) => ({ eventTypes: p.eventTypes, apply: (e: RecordedEvent) => p.fold.apply(e) }));
  const result = await catchUp(log, store, projections, { upTo: work.upTo, onProgress, alongside, ...(work.untilTime ? { untilTime: work.untilTime } : {}) });
  for (const p of parts) writeJoinedFold(store, p.projection, [(await theirPart(p.projection.name)).part, p.fold.done()], p.seen, work.upTo);
  parentPort!.postMessage({ kind: 'result', result } satisfies WorkerMessage);
} finally {
  // Listening for parts keeps the port, hence the thread, alive: let it end.
  parentPort!.unref();
  store.close();
  await log.close();
}
