import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  DocReader,
  DocWriter,
  ProjectionCheckpoint,
  ProjectionStore,
  ProjectionTransaction,
} from '../../projections/engine/projection.js';

const DELETED = Symbol('deleted');
type Cached = unknown | typeof DELETED;

/**
 * Read models persisted in their own SQLite file (separate from the log, so folding never holds the log's write
 * lock). Documents are JSON rows keyed by (projection, collection, key). Inside a transaction, documents are
 * cached and written back once at commit, so folding many events touches each document's row once.
 */
export const createSqliteProjectionStore = (path: string): ProjectionStore => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 60_000 });
  db.pragma('journal_mode = WAL');
  // Projections can always be rebuilt from the log, so they need not survive power loss.
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS docs (
      projection TEXT NOT NULL, collection TEXT NOT NULL, key TEXT NOT NULL, doc TEXT NOT NULL,
      PRIMARY KEY (projection, collection, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS projection_checkpoints (
      projection TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL
    );
  `);
  const stmt = {
    get: db.prepare('SELECT doc FROM docs WHERE projection = ? AND collection = ? AND key = ?').pluck(),
    all: db.prepare('SELECT key, doc FROM docs WHERE projection = ? AND collection = ? ORDER BY key').raw(),
    page: db
      .prepare(
        'SELECT key, doc FROM docs WHERE projection = ? AND collection = ? AND key >= ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?',
      )
      .raw(),
    count: db.prepare('SELECT count(*) FROM docs WHERE projection = ? AND collection = ? AND key >= ? AND substr(key, 1, ?) = ?').pluck(),
    allOfProjection: db.prepare('SELECT collection, key, doc FROM docs WHERE projection = ? ORDER BY collection, key').raw(),
    put: db.prepare(
      'INSERT INTO docs (projection, collection, key, doc) VALUES (?, ?, ?, ?) ON CONFLICT (projection, collection, key) DO UPDATE SET doc = excluded.doc',
    ),
    delete: db.prepare('DELETE FROM docs WHERE projection = ? AND collection = ? AND key = ?'),
    clear: db.prepare('DELETE FROM docs WHERE projection = ?'),
    checkpoint: db.prepare('SELECT position, version FROM projection_checkpoints WHERE projection = ?'),
    setCheckpoint: db.prepare(
      'INSERT INTO projection_checkpoints (projection, position, version) VALUES (?, ?, ?) ON CONFLICT (projection) DO UPDATE SET position = excluded.position, version = excluded.version',
    ),
  };

  const readerFor = (projection: string): DocReader => ({
    get: <T>(collection: string, key: string) => {
      const doc = stmt.get.get(projection, collection, key) as string | undefined;
      return doc === undefined ? undefined : (JSON.parse(doc) as T);
    },
    all: <T>(collection: string) => (stmt.all.all(projection, collection) as [string, string][]).map(([, doc]) => JSON.parse(doc) as T),
    page: <T>(collection: string, options: { prefix?: string; limit?: number }) => {
      const prefix = options.prefix ?? '';
      return (stmt.page.all(projection, collection, prefix, prefix.length, prefix, options.limit ?? -1) as [string, string][]).map(
        ([, doc]) => JSON.parse(doc) as T,
      );
    },
    count: (collection: string, prefix = '') => stmt.count.get(projection, collection, prefix, prefix.length, prefix) as number,
  });

  const checkpointOf = (projection: string): ProjectionCheckpoint | undefined =>
    stmt.checkpoint.get(projection) as ProjectionCheckpoint | undefined;

  const write = db.transaction((work: (tx: ProjectionTransaction) => unknown): unknown => {
    // projection → collection → key → document (or DELETED), flushed at the end of the transaction.
    const cache = new Map<string, Map<string, Map<string, Cached>>>();
    const dirty = new Map<string, Map<string, Set<string>>>(); // projection → collection → keys written
    const markDirty = (projection: string, collection: string, key: string) => {
      let p = dirty.get(projection);
      if (!p) dirty.set(projection, (p = new Map()));
      let c = p.get(collection);
      if (!c) p.set(collection, (c = new Set()));
      c.add(key);
    };
    const collectionCache = (projection: string, collection: string) => {
      let p = cache.get(projection);
      if (!p) cache.set(projection, (p = new Map()));
      let c = p.get(collection);
      if (!c) p.set(collection, (c = new Map()));
      return c;
    };
    const writerFor = (projection: string): DocWriter => {
      // Stored documents overlaid with this transaction's writes, in key order.
      const entries = (collection: string): [string, unknown][] => {
        const c = collectionCache(projection, collection);
        const merged = new Map<string, unknown>(
          (stmt.all.all(projection, collection) as [string, string][]).map(([k, d]) => [k, c.has(k) ? c.get(k) : JSON.parse(d)]),
        );
        for (const [k, v] of c) merged.set(k, v);
        return [...merged.entries()].filter(([, v]) => v !== DELETED).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      };
      return {
      get: <T>(collection: string, key: string) => {
        const c = collectionCache(projection, collection);
        if (c.has(key)) {
          const v = c.get(key);
          return v === DELETED ? undefined : (v as T);
        }
        const row = stmt.get.get(projection, collection, key) as string | undefined;
        const doc = row === undefined ? DELETED : JSON.parse(row);
        c.set(key, doc);
        return doc === DELETED ? undefined : (doc as T);
      },
      all: <T>(collection: string) => entries(collection).map(([, v]) => v as T),
      page: <T>(collection: string, options: { prefix?: string; limit?: number }) =>
        entries(collection)
          .filter(([k]) => !options.prefix || k.startsWith(options.prefix))
          .slice(0, options.limit ?? Number.MAX_SAFE_INTEGER)
          .map(([, v]) => v as T),
      count: (collection: string, prefix?: string) => entries(collection).filter(([k]) => !prefix || k.startsWith(prefix)).length,
      put: (collection, key, doc) => {
        collectionCache(projection, collection).set(key, doc);
        markDirty(projection, collection, key);
      },
      delete: (collection, key) => {
        collectionCache(projection, collection).set(key, DELETED);
        markDirty(projection, collection, key);
      },
      };
    };
    const tx: ProjectionTransaction = {
      checkpoint: checkpointOf,
      setCheckpoint: (projection, c) => void stmt.setCheckpoint.run(projection, c.position, c.version),
      docs: writerFor,
      clear: (projection) => {
        stmt.clear.run(projection);
        cache.delete(projection);
        dirty.delete(projection);
      },
    };
    const result = work(tx);
    for (const [projection, collections] of dirty) {
      for (const [collection, keys] of collections) {
        const docs = cache.get(projection)?.get(collection);
        for (const key of keys) {
          const doc = docs?.get(key);
          if (doc === DELETED || doc === undefined) stmt.delete.run(projection, collection, key);
          else stmt.put.run(projection, collection, key, JSON.stringify(doc));
        }
      }
    }
    return result;
  });

  return {
    write: <T>(work: (tx: ProjectionTransaction) => T): T => write.immediate(work) as T,
    reader: readerFor,
    checkpoint: checkpointOf,
    dump: (projection) => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const [collection, key, doc] of stmt.allOfProjection.all(projection) as [string, string, string][]) {
        (out[collection] ??= {})[key] = JSON.parse(doc);
      }
      return out;
    },
    close: () => db.close(),
  };
};
