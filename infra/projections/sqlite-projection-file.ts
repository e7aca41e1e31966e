import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DocReader, DocWriter, ProjectionCheckpoint, ProjectionTransaction } from '../../projections/engine/projection.js';
import { byKey, lowerBound } from '../../projections/engine/memory-docs.js';
import { retryWhileBusy } from '../log/sqlite/sqlite-busy.js';

const DELETED = Symbol('deleted');
type Cached = unknown | typeof DELETED;

/** One collection's documents as seen inside a write transaction. */
interface CollectionCache {
  /** Documents read or written in this transaction (DELETED: known absent, or deleted). */
  readonly docs: Map<string, Cached>;
  /** Keys written, to flush at commit. */
  readonly dirty: Set<string>;
  /** Key-ordered live keys of the prefixes paged or counted so far in this transaction. */
  ordered: { prefixes: string[]; keys: string[] } | undefined;
}

/** SQLite's default: a commit that leaves the WAL past this many pages copies them into the database file. */
const WAL_AUTOCHECKPOINT_PAGES = 1000;

/**
 * The most text rebuilt read models leave in the WAL for a later commit to copy into the file (see `replace`).
 * Past it a rebuild's commit copies as usual: a rebuild over millions of events writes gigabytes, which one live
 * commit must not inherit (nor the disk hold twice).
 */
export const DEFERRED_CHECKPOINT_MAX_BYTES = 32 * 1024 * 1024;

/** Rows per INSERT when a rebuilt projection is written: one statement per 100 rows is ~30% faster than one per row. */
const ROWS_PER_INSERT = 100;


/**
 * The smallest key above every key that starts with `prefix` (its last character plus one), or undefined when there
 * is none to give (an empty prefix, or one ending in a surrogate or U+FFFF). The `substr` test stays, so this only
 * narrows the index range.
 */
const prefixEnd = (prefix: string): string | undefined => {
  if (prefix === '') return undefined;
  const last = prefix.charCodeAt(prefix.length - 1);
  if (last >= 0xd800) return undefined;
  return prefix.slice(0, -1) + String.fromCharCode(last + 1);
};


/** One SQLite file of read models (see `createSqliteProjectionStore`, which keeps them in two). */
export interface ProjectionFile {
  reader(projection: string): DocReader;
  checkpoint(projection: string): ProjectionCheckpoint | undefined;
  /** Runs `work` in one IMMEDIATE transaction of this file (SQLITE_BUSY from BEGIN is the caller's to retry). */
  transact<T>(work: (tx: ProjectionTransaction) => T): T;
  dump(projection: string): Record<string, Record<string, unknown>>;
  /** Drops these read models (documents and checkpoints) if the file holds any of them. */
  drop(projections: readonly string[]): void;
  close(): void;
}

/**
 * Read models in a SQLite file (separate from the log, so folding never holds the log's write lock). Documents
 * are JSON rows keyed by (projection, collection, key). Inside a transaction, documents are cached and written
 * back once at commit, so folding many events touches each document's row once.
 */
export const openProjectionFile = (path: string, options: { readonly pageSize?: number } = {}): ProjectionFile => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 60_000 });
  // The page size of a new file (an existing file keeps its own): SQLite's default 4 KiB unless asked.
  if (options.pageSize !== undefined) db.pragma(`page_size = ${options.pageSize}`);
  // Projections can always be rebuilt from the log, so they need not survive power loss. Set before WAL mode: a new
  // file's switch to WAL is a write of its own, synced (several fsyncs) at SQLite's default level.
  db.pragma('synchronous = NORMAL');
  retryWhileBusy(() => db.pragma('journal_mode = WAL'));
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
    // With an upper bound the index range ends where the prefix does: an empty prefix costs one probe, not a scan to
    // the end of the collection (a claim looks up several mostly empty queue prefixes).
    pageBounded: db
      .prepare(
        'SELECT key, doc FROM docs WHERE projection = ? AND collection = ? AND key >= ? AND key < ? AND substr(key, 1, ?) = ? ORDER BY key LIMIT ?',
      )
      .raw(),
    count: db.prepare('SELECT count(*) FROM docs WHERE projection = ? AND collection = ? AND key >= ? AND substr(key, 1, ?) = ?').pluck(),
    countBounded: db
      .prepare('SELECT count(*) FROM docs WHERE projection = ? AND collection = ? AND key >= ? AND key < ? AND substr(key, 1, ?) = ?')
      .pluck(),
    allOfProjection: db.prepare('SELECT collection, key, doc FROM docs WHERE projection = ? ORDER BY collection, key').raw(),
    put: db.prepare(
      'INSERT INTO docs (projection, collection, key, doc) VALUES (?, ?, ?, ?) ON CONFLICT (projection, collection, key) DO UPDATE SET doc = excluded.doc',
    ),
    delete: db.prepare('DELETE FROM docs WHERE projection = ? AND collection = ? AND key = ?'),
    clear: db.prepare('DELETE FROM docs WHERE projection = ?'),
    anyDoc: db.prepare('SELECT 1 FROM docs WHERE projection = ? LIMIT 1').pluck(),
    dropCheckpoint: db.prepare('DELETE FROM projection_checkpoints WHERE projection = ?'),
    insertMany: db.prepare(`INSERT INTO docs (projection, collection, key, doc) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?)').join(', ')}`),
    insertOne: db.prepare('INSERT INTO docs (projection, collection, key, doc) VALUES (?, ?, ?, ?)'),
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
      const end = prefixEnd(prefix);
      const rows =
        end === undefined
          ? stmt.page.all(projection, collection, prefix, prefix.length, prefix, options.limit ?? -1)
          : stmt.pageBounded.all(projection, collection, prefix, end, prefix.length, prefix, options.limit ?? -1);
      return (rows as [string, string][]).map(([, doc]) => JSON.parse(doc) as T);
    },
    count: (collection: string, prefix = '') => {
      const end = prefixEnd(prefix);
      return (
        end === undefined
          ? stmt.count.get(projection, collection, prefix, prefix.length, prefix)
          : stmt.countBounded.get(projection, collection, prefix, end, prefix.length, prefix)
      ) as number;
    },
  });

  const checkpointOf = (projection: string): ProjectionCheckpoint | undefined =>
    stmt.checkpoint.get(projection) as ProjectionCheckpoint | undefined;

  /** The automatic checkpoint is off for the commit under way (see `replace`). */
  let deferring = false;
  /** About how many bytes rebuilt read models left in the WAL since the last commit that checkpointed. */
  let deferredBytes = 0;
  const write = db.transaction((work: (tx: ProjectionTransaction) => unknown): unknown => {
    // projection → collection → state, flushed at the end of the transaction.
    const cache = new Map<string, Map<string, CollectionCache>>();
    const collectionCache = (projection: string, collection: string): CollectionCache => {
      let p = cache.get(projection);
      if (!p) cache.set(projection, (p = new Map()));
      let c = p.get(collection);
      if (!c) p.set(collection, (c = { docs: new Map(), dirty: new Set(), ordered: undefined }));
      return c;
    };
    /**
     * The live keys under `prefix` in key order, the stored ones overlaid with this transaction's writes. Loaded from
     * the database once per prefix and transaction, then kept in step by put/delete, so a projection that counts or
     * pages a small range on every event (the memory feed) pays a binary search, not a query and a sort.
     */
    const orderedKeys = (projection: string, collection: string, prefix: string): string[] => {
      const c = collectionCache(projection, collection);
      const o = (c.ordered ??= { prefixes: [], keys: [] });
      if (o.prefixes.some((p) => prefix.startsWith(p))) return o.keys;
      const loaded = new Set<string>();
      const end = prefixEnd(prefix);
      const stored =
        end === undefined
          ? stmt.page.iterate(projection, collection, prefix, prefix.length, prefix, -1)
          : stmt.pageBounded.iterate(projection, collection, prefix, end, prefix.length, prefix, -1);
      for (const [key, doc] of stored as Iterable<[string, string]>) {
        if (!c.docs.has(key)) c.docs.set(key, JSON.parse(doc));
        if (c.docs.get(key) !== DELETED) loaded.add(key);
      }
      for (const [key, doc] of c.docs) if (doc !== DELETED && key.startsWith(prefix)) loaded.add(key);
      for (const key of o.keys) loaded.delete(key);
      if (loaded.size > 0) o.keys = [...o.keys, ...loaded].sort(byKey);
      o.prefixes.push(prefix);
      return o.keys;
    };
    const covered = (c: CollectionCache, key: string) => c.ordered !== undefined && c.ordered.prefixes.some((p) => key.startsWith(p));
    /** Sets a document (or DELETED) and keeps the ordered keys of loaded ranges in step. */
    const set = (c: CollectionCache, key: string, doc: Cached) => {
      if (covered(c, key)) {
        // Within a loaded range the cache knows every stored key, so "absent from the cache" means "absent".
        const before = c.docs.get(key);
        const wasLive = before !== undefined && before !== DELETED;
        const keys = c.ordered!.keys;
        if (!wasLive && doc !== DELETED) keys.splice(lowerBound(keys, key), 0, key);
        else if (wasLive && doc === DELETED) keys.splice(lowerBound(keys, key), 1);
      }
      c.docs.set(key, doc);
      c.dirty.add(key);
    };
    const range = (projection: string, collection: string, prefix: string) => {
      const keys = orderedKeys(projection, collection, prefix);
      const from = lowerBound(keys, prefix);
      let to = from;
      while (to < keys.length && keys[to]!.startsWith(prefix)) to++;
      return { keys, from, to };
    };
    const writerFor = (projection: string): DocWriter => ({
      get: <T>(collection: string, key: string) => {
        const c = collectionCache(projection, collection);
        const cached = c.docs.get(key);
        if (cached !== undefined) return cached === DELETED ? undefined : (cached as T);
        const row = stmt.get.get(projection, collection, key) as string | undefined;
        const doc = row === undefined ? DELETED : JSON.parse(row);
        c.docs.set(key, doc);
        return doc === DELETED ? undefined : (doc as T);
      },
      all: <T>(collection: string) => {
        const c = collectionCache(projection, collection);
        return orderedKeys(projection, collection, '').map((k) => c.docs.get(k) as T);
      },
      page: <T>(collection: string, options: { prefix?: string; limit?: number }) => {
        const c = collectionCache(projection, collection);
        const { keys, from, to } = range(projection, collection, options.prefix ?? '');
        return keys.slice(from, Math.min(to, from + (options.limit ?? Number.MAX_SAFE_INTEGER))).map((k) => c.docs.get(k) as T);
      },
      count: (collection: string, prefix = '') => {
        const { from, to } = range(projection, collection, prefix);
        return to - from;
      },
      put: (collection, key, doc) => set(collectionCache(projection, collection), key, doc),
      delete: (collection, key) => set(collectionCache(projection, collection), key, DELETED),
    });
    const tx: ProjectionTransaction = {
      checkpoint: checkpointOf,
      setCheckpoint: (projection, c) => void stmt.setCheckpoint.run(projection, c.position, c.version),
      docs: writerFor,
      clear: (projection) => {
        stmt.clear.run(projection);
        cache.delete(projection);
      },
      replace: (projection, collections) => {
        stmt.clear.run(projection);
        cache.delete(projection);
        // With SQLite's usual 2 MiB page cache: its pages then go to the WAL as the cache fills, rather than being held
        // (and faulted in, first touch of fresh memory costing ~10 µs a page here) until the commit; a 256 MiB cache
        // made the task board's write (42,190 rows) 111 ms instead of 88, and ten times as many rows 1.05 s, not 0.85.
        const params: unknown[] = [];
        for (const [collection, docs] of collections) {
          for (const [key, json] of docs) {
            deferredBytes += key.length + json.length;
            params.push(projection, collection, key, json);
            if (params.length === ROWS_PER_INSERT * 4) {
              stmt.insertMany.run(params);
              params.length = 0;
            }
          }
        }
        for (let i = 0; i < params.length; i += 4) stmt.insertOne.run(params.slice(i, i + 4));
        // Its commit leaves the pages in the WAL: copying them into the file (SQLite's automatic checkpoint, ~55 ms for
        // the task board's 10 MB) is left to the next commit, after `swarm up` serves, not held on the way there; up
        // to a bound, past which this commit copies everything as usual. The setting is read at the commit.
        const defer = deferredBytes <= DEFERRED_CHECKPOINT_MAX_BYTES;
        if (defer !== deferring) db.pragma(`wal_autocheckpoint = ${defer ? 0 : WAL_AUTOCHECKPOINT_PAGES}`);
        deferring = defer;
      },
    };
    const result = work(tx);
    // Written in key order: the table is a B-tree on (projection, collection, key), so sorted writes touch each page
    // once instead of hopping between pages (several times faster on a large store).
    for (const projection of [...cache.keys()].sort(byKey)) {
      const collections = cache.get(projection)!;
      for (const collection of [...collections.keys()].sort(byKey)) {
        const c = collections.get(collection)!;
        for (const key of [...c.dirty].sort(byKey)) {
          const doc = c.docs.get(key);
          if (doc === DELETED || doc === undefined) stmt.delete.run(projection, collection, key);
          else stmt.put.run(projection, collection, key, JSON.stringify(doc));
        }
      }
    }
    return result;
  });

  return {
    transact: <T>(work: (tx: ProjectionTransaction) => T): T => {
      try {
        return write.immediate(work) as T;
      } finally {
        // A commit with the automatic checkpoint on copied what the WAL held (if it held 1,000 pages or more).
        if (deferring) db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
        else deferredBytes = 0;
        deferring = false;
      }
    },
    reader: readerFor,
    checkpoint: checkpointOf,
    dump: (projection) => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const [collection, key, doc] of stmt.allOfProjection.all(projection) as [string, string, string][]) {
        (out[collection] ??= {})[key] = JSON.parse(doc);
      }
      return out;
    },
    drop: (projections) => {
      const held = projections.filter((p) => stmt.checkpoint.get(p) !== undefined || stmt.anyDoc.get(p) !== undefined);
      if (held.length === 0) return;
      write.immediate(() => {
        for (const p of held) {
          stmt.clear.run(p);
          stmt.dropCheckpoint.run(p);
        }
      });
    },
    close: () => db.close(),
  };
};
