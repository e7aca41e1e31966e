// Rebuild for `npm run bench:core`: a log of realistic swarm history is folded into every read model live, in many
// small catch-ups while the log is written, then from scratch into a fresh store (timed, in a process of its own,
// three times: the median counts), and the rebuilt store must hold the same documents as the live one.
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { isDeepStrictEqual } from 'node:util';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore, projectionFiles } from '../infra/projections/sqlite-projection-store.js';
import { catchUp } from '../projections/engine/catch-up.js';
import { allProjections } from '../projections/all-projections.js';
import { appendHistory, swarmHistory } from './bench-core-history.js';
import { log, median as medianOf } from './bench-core-stats.js';
import { rawReadAll } from './bench-log-raw.js';

const here = dirname(fileURLToPath(import.meta.url));

export interface RebuildFigures {
  readonly events: number;
  readonly eventsPerSec: number;
  readonly equalsLive: boolean;
  readonly mismatches: string[];
  /** Each run's figure (the median is `eventsPerSec`). */
  readonly runsEventsPerSec: number[];
  /**
   * The baseline measured beside each run: the same log read with better-sqlite3 and every event's data and
   * metadata JSON-parsed, nothing folded (events/s, median), and the median of the runs' rebuild/raw ratios.
   */
  readonly rawScanEventsPerSec: number;
  readonly vsRawScan: number;
}

/** Events per second of a raw scan of the log: better-sqlite3 reading every row in order and parsing its JSON. */
const rawScan = (logPath: string): number => {
  const db = new Database(logPath, { readonly: true });
  try {
    const started = performance.now();
    const n = rawReadAll(db);
    return n / ((performance.now() - started) / 1000);
  } finally {
    db.close();
  }
};

/**
 * Documents that differ between two projection stores. Candidates come from SQL (rows not present identically in
 * the other file); each is then compared as parsed JSON, since key order inside a document may differ between a
 * document folded in one batch and one re-read from the store between batches.
 */
const differences = (livePath: string, rebuiltPath: string): string[] => {
  const live = projectionFiles(livePath);
  return projectionFiles(rebuiltPath).flatMap((rebuilt, i) => fileDifferences(live[i]!, rebuilt));
};

/** As `differences`, for one of the store's files. */
const fileDifferences = (livePath: string, rebuiltPath: string): string[] => {
  const db = new Database(rebuiltPath, { readonly: true });
  db.prepare('ATTACH DATABASE ? AS live').run(livePath);
  const found: string[] = [];
  const candidates = db
    .prepare(
      `SELECT projection, collection, key FROM (
         SELECT projection, collection, key, doc FROM main.docs EXCEPT SELECT projection, collection, key, doc FROM live.docs
         UNION
         SELECT projection, collection, key, doc FROM live.docs EXCEPT SELECT projection, collection, key, doc FROM main.docs)
       GROUP BY projection, collection, key`,
    )
    .raw()
    .iterate() as Iterable<[string, string, string]>;
  const rebuilt = db.prepare('SELECT doc FROM main.docs WHERE projection = ? AND collection = ? AND key = ?').pluck();
  const live = db.prepare('SELECT doc FROM live.docs WHERE projection = ? AND collection = ? AND key = ?').pluck();
  for (const [p, c, k] of candidates) {
    const a = rebuilt.get(p, c, k) as string | undefined;
    const b = live.get(p, c, k) as string | undefined;
    if (a === undefined || b === undefined || !isDeepStrictEqual(JSON.parse(a), JSON.parse(b))) found.push(`${p}/${c}/${k}`);
  }
  const checkpoints = db
    .prepare('SELECT projection FROM (SELECT * FROM main.projection_checkpoints EXCEPT SELECT * FROM live.projection_checkpoints)')
    .pluck()
    .all() as string[];
  db.close();
  return [...found, ...checkpoints.map((p) => `${p}: checkpoint differs`)];
};

/**
 * The timed run as `swarm rebuild` runs: built JavaScript (dist/, as npm start and the bins use), not TypeScript
 * through tsx (whose transform adds a name to every function it creates, about a tenth slower here). Bundled into
 * dist/bench/, so it finds the built rebuild worker in dist/ as the bins do.
 */
const buildRunScript = async (): Promise<string> => {
  const built = spawnSync(process.execPath, [join(here, 'build.mjs')], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  const outfile = join(here, '..', 'dist', 'bench', 'rebuild-run.mjs');
  await build({
    entryPoints: [join(here, 'bench-core-rebuild-run.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['better-sqlite3', '@kurrent/kurrentdb-client', '@kurrent/bridge', '@grpc/grpc-js', 'pino'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
};

/**
 * Builds a log of at least `events` events (folding it live in `steps` catch-ups), then times `runs` rebuilds from 0,
 * each in its own process.
 */
export const rebuildBench = async (dir: string, events: number, runs = 3, steps = 20): Promise<{ figures: RebuildFigures; logPath: string }> => {
  const logPath = join(dir, 'history.db');
  const livePath = join(dir, 'live.projections.db');
  const rebuiltPath = join(dir, 'rebuilt.projections.db');
  const store = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  const live = createSqliteProjectionStore(livePath);
  const started = performance.now();
  const appended = await appendHistory(store, swarmHistory(events), {
    interval: Math.ceil(events / steps),
    every: async (n) => {
      await catchUp(store, live, allProjections);
      log(`  rebuild: ${n} events appended and folded live (${Math.round((performance.now() - started) / 1000)} s)`);
    },
  });
  await catchUp(store, live, allProjections);
  live.close();
  await store.close();
  // Each rebuild in a fresh process, as `swarm rebuild` runs (not in this one's heap, after minutes of live folding);
  // the median of `runs`, since timings on these machines vary by a fifth from one minute to the next.
  const runScript = await buildRunScript();
  const seconds: number[] = [];
  const raw: number[] = [];
  for (let run = 1; run <= runs; run++) {
    // The baseline right before each run, so both see the machine in the same minute.
    raw.push(rawScan(logPath));
    log(`  rebuild: folding ${appended} events into a fresh store (run ${run} of ${runs})`);
    const child = spawnSync(process.execPath, [runScript, logPath, rebuiltPath], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (child.status !== 0) throw new Error(`the rebuild run failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
    const timed = JSON.parse(child.stdout.trim().split('\n').pop()!) as { seconds: number; applied: number };
    if (timed.applied !== appended) throw new Error(`the rebuild folded ${timed.applied} events, the log has ${appended}`);
    seconds.push(timed.seconds);
  }
  const median = [...seconds].sort((a, b) => a - b)[Math.floor(seconds.length / 2)]!;
  // The last rebuilt store is compared with the live one (each run rebuilds the same log into a fresh file).
  const mismatches = differences(livePath, rebuiltPath);
  return {
    figures: {
      events: appended,
      eventsPerSec: Math.round(appended / median),
      equalsLive: mismatches.length === 0,
      mismatches: mismatches.slice(0, 10),
      runsEventsPerSec: seconds.map((s) => Math.round(appended / s)),
      rawScanEventsPerSec: Math.round(medianOf(raw)),
      vsRawScan: Math.round(medianOf(seconds.map((s, i) => appended / s / raw[i]!)) * 1000) / 1000,
    },
    logPath,
  };
};

/** Each projection folded alone from 0 over the same log: its own events, seconds, and events of the log per second. */
export const profileProjections = async (dir: string, logPath: string): Promise<Record<string, { events: number; seconds: number; logEventsPerSec: number }>> => {
  const store = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  const head = await store.headPosition();
  const out: Record<string, { events: number; seconds: number; logEventsPerSec: number }> = {};
  for (const projection of allProjections) {
    const target = createSqliteProjectionStore(join(dir, `profile-${projection.name}.db`));
    const t = performance.now();
    const { applied } = await catchUp(store, target, [projection]);
    const seconds = (performance.now() - t) / 1000;
    target.close();
    out[projection.name] = { events: applied, seconds: Math.round(seconds * 100) / 100, logEventsPerSec: Math.round(head / seconds) };
    log(`  profile ${projection.name}: ${applied} events in ${seconds.toFixed(2)} s`);
  }
  await store.close();
  return out;
};
