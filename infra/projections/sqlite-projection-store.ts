import { busyPauseMs, isBusy } from '../log/sqlite/sqlite-busy.js';
import type { ProjectionStore, ProjectionTransaction } from '../../projections/engine/projection.js';
import { openProjectionFile, type ProjectionFile } from './sqlite-projection-file.js';

/**
 * The read models kept in the second file: those a rebuild folds in its worker thread (see parallel-catch-up),
 * so that the two threads of a rebuild write at once instead of one waiting for the other's write lock (measured
 * at 1M events: a rebuild took about a second less).
 */
export const inSecondFile: ReadonlySet<string> = new Set(['runs', 'tokens', 'ledger', 'mail', 'discussions', 'memory-feed', 'memory-records']);

/**
 * The read models kept in the third file: the causation index, whose bucket documents (0.5–3 KB) spill into
 * overflow pages with 4 KiB pages. Inserting its 2,349 rows of a 100,004-event log took 82 ms with 4 KiB pages and
 * 8–9 ms with 16 KiB; no claim writes it, so it does not need the first file's small pages.
 */
export const inThirdFile: ReadonlySet<string> = new Set(['causation']);

/** `x.db` → `x-<n>.db` (a path without `.db`: `x-<n>`). */
const numbered = (path: string, n: number) => (path.endsWith('.db') ? `${path.slice(0, -3)}-${n}.db` : `${path}-${n}`);

/** The SQLite files of a projection store at `path` (`x.projections.db`, `x.projections-2.db`, `x.projections-3.db`). */
export const projectionFiles = (path: string): [string, string, string] => (path === ':memory:' ? [path, path, path] : [path, numbered(path, 2), numbered(path, 3)]);

/**
 * Page sizes. The first file keeps SQLite's default 4 KiB: it holds the task board, which every claim updates in a
 * few documents, and with 16 KiB pages each of those writes logged 16 KiB per page and claims lost a quarter of
 * their rate. The second file's read models are written in bulk by rebuilds and in small batches by `swarm up`'s
 * catch-ups, never on a claim: 16 KiB pages write a rebuild of them about a sixth faster (measured at 1M events).
 */
const SECOND_FILE_PAGE_SIZE = 16_384;
const THIRD_FILE_PAGE_SIZE = 16_384;

/** What a synchronous wait before another try sleeps on (`write` is synchronous, so it cannot await a timer). */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Read models persisted in three SQLite files beside each other (see `inSecondFile`, `inThirdFile`). A write locks
 * the files of the read models it touches (all when it does not say), always in file order, so writers never wait
 * on each other in a cycle. A write over several files commits each file on its own: every read model's documents
 * and checkpoint are in one file, so each read model still changes atomically (the engine never needs more).
 * The second and third files are opened only when one of their read models is used (most CLI queries never do).
 */
export const createSqliteProjectionStore = (path: string): ProjectionStore => {
  const paths = projectionFiles(path);
  const first = openProjectionFile(paths[0]);
  // A store made before a split kept those read models in the first file: those that moved are dropped there
  // (they are folded again in their own file, where they have no checkpoint yet).
  first.drop([...inSecondFile, ...inThirdFile]);
  let second: ProjectionFile | undefined;
  let third: ProjectionFile | undefined;
  const secondFile = () => (second ??= path === ':memory:' ? first : openProjectionFile(paths[1], { pageSize: SECOND_FILE_PAGE_SIZE }));
  const thirdFile = () => (third ??= path === ':memory:' ? first : openProjectionFile(paths[2], { pageSize: THIRD_FILE_PAGE_SIZE }));
  const fileOf = (projection: string) => (inSecondFile.has(projection) ? secondFile() : inThirdFile.has(projection) ? thirdFile() : first);

  /** `work` in transactions of `files` (in order), with each read model's calls going to its own file's. */
  const transact = <T>(files: readonly ProjectionFile[], work: (tx: ProjectionTransaction) => T): T => {
    const txs = new Map<ProjectionFile, ProjectionTransaction>();
    const txOf = (projection: string) => {
      const tx = txs.get(fileOf(projection));
      if (!tx) throw new Error(`a write scoped to other read models touched ${projection}`);
      return tx;
    };
    const routed: ProjectionTransaction = {
      checkpoint: (p) => txOf(p).checkpoint(p),
      setCheckpoint: (p, c) => txOf(p).setCheckpoint(p, c),
      docs: (p) => txOf(p).docs(p),
      clear: (p) => txOf(p).clear(p),
      replace: (p, collections) => txOf(p).replace(p, collections),
    };
    const nest = (i: number): T => {
      if (i === files.length) return work(routed);
      return files[i]!.transact((tx) => (txs.set(files[i]!, tx), nest(i + 1)));
    };
    return nest(0);
  };

  return {
    write: (work, scope) => {
      const touched = scope ? new Set(scope.projections.map(fileOf)) : new Set([first, secondFile(), thirdFile()]);
      const files = [...new Set([first, second, third])].filter((f): f is ProjectionFile => f !== undefined && touched.has(f));
      for (;;) {
        let began = false;
        try {
          return transact(files, (tx) => ((began = true), work(tx)));
        } catch (err) {
          // Only a BEGIN that failed is tried again: once `work` has run, its error is the caller's.
          if (began || !isBusy(err)) throw err;
          Atomics.wait(pause, 0, 0, busyPauseMs());
        }
      }
    },
    reader: (projection) => fileOf(projection).reader(projection),
    checkpoint: (projection) => fileOf(projection).checkpoint(projection),
    dump: (projection) => fileOf(projection).dump(projection),
    close: () => {
      for (const file of new Set([first, second, third])) file?.close();
    },
  };
};
