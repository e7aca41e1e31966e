// Rebuild for `npm run bench:core`: a log of realistic swarm history is folded into every read model twice — live,
// in many small catch-ups while the log is written, and from scratch into a fresh store (timed) — and the two
// stores must hold the same documents.
import Database from 'better-sqlite3';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../infra/projections/sqlite-projection-store.js';
import { catchUp } from '../projections/engine/catch-up.js';
import { catchUpInParallel } from '../infra/projections/parallel-catch-up.js';
import { allProjections } from '../projections/all-projections.js';
import { appendHistory, swarmHistory } from './bench-core-history.js';
import { log } from './bench-core-stats.js';

export interface RebuildFigures {
  readonly events: number;
  readonly eventsPerSec: number;
  readonly equalsLive: boolean;
  readonly mismatches: string[];
}

/**
 * Documents that differ between two projection stores. Candidates come from SQL (rows not present identically in
 * the other file); each is then compared as parsed JSON, since key order inside a document may differ between a
 * document folded in one batch and one re-read from the store between batches.
 */
const differences = (livePath: string, rebuiltPath: string): string[] => {
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

/** Builds a log of at least `events` events (folding it live in `steps` catch-ups), then times a rebuild from 0. */
export const rebuildBench = async (dir: string, events: number, steps = 20): Promise<{ figures: RebuildFigures; logPath: string }> => {
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

  const rebuilt = createSqliteProjectionStore(rebuiltPath);
  log(`  rebuild: folding ${appended} events into a fresh store`);
  // As `swarm rebuild` folds: the largest read models in a worker thread beside the others.
  const t = performance.now();
  await catchUpInParallel({ storeUrl: `sqlite:${logPath}?synchronous=normal`, projectionPath: rebuiltPath }, store, rebuilt, allProjections);
  const seconds = (performance.now() - t) / 1000;
  rebuilt.close();
  await store.close();
  const mismatches = differences(livePath, rebuiltPath);
  return { figures: { events: appended, eventsPerSec: Math.round(appended / seconds), equalsLive: mismatches.length === 0, mismatches: mismatches.slice(0, 10) }, logPath };
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
