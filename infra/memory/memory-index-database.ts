import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { MemoryIndexCheckpoint } from '../../processes/memory/memory-vector-index.js';
import { retryWhileBusy } from '../log/sqlite/sqlite-busy.js';

/**
 * The local file of the long-term memory index (`swarm.memory-index.db` beside the read models): the embedded
 * index's vectors, the word index (SQLite FTS5, whichever vector index is in use), and the checkpoint of every index folded from this log (the embedded one, and each Qdrant
 * collection, whose checkpoint lives here because Qdrant has nowhere to keep one). Like the read models, it can be
 * deleted at any time: it is rebuilt from the log.
 */
export const openMemoryIndexDatabase = (path: string): Database.Database => {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 60_000 });
  retryWhileBusy(() => db.pragma('journal_mode = WAL'));
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS memory_vectors (
      memory_id TEXT PRIMARY KEY, type TEXT NOT NULL, importance INTEGER NOT NULL, memory TEXT NOT NULL, vector BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS memory_tags (tag TEXT NOT NULL, memory_id TEXT NOT NULL, PRIMARY KEY (tag, memory_id)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS memory_forgotten (memory_id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE VIRTUAL TABLE IF NOT EXISTS memory_words USING fts5(content, tags, tokenize = 'porter unicode61 remove_diacritics 2');
    CREATE TABLE IF NOT EXISTS memory_word_docs (
      doc INTEGER PRIMARY KEY, memory_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, importance INTEGER NOT NULL, tags TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS memory_word_forgotten (memory_id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS index_checkpoints (
      target TEXT PRIMARY KEY, position INTEGER NOT NULL, version INTEGER NOT NULL, embedder TEXT NOT NULL
    );
  `);
  return db;
};

/** The checkpoint of one index (`target`) in the local file. */
export interface IndexCheckpoints {
  get(): MemoryIndexCheckpoint | undefined;
  set(checkpoint: MemoryIndexCheckpoint): void;
}

export const indexCheckpoints = (db: Database.Database, target: string): IndexCheckpoints => {
  const get = db.prepare('SELECT position, version, embedder FROM index_checkpoints WHERE target = ?');
  const set = db.prepare(
    'INSERT INTO index_checkpoints (target, position, version, embedder) VALUES (?, ?, ?, ?) ' +
      'ON CONFLICT (target) DO UPDATE SET position = excluded.position, version = excluded.version, embedder = excluded.embedder',
  );
  return {
    get: () => get.get(target) as MemoryIndexCheckpoint | undefined,
    set: (c) => void set.run(target, c.position, c.version, c.embedder),
  };
};

export const sameCheckpoint = (a: MemoryIndexCheckpoint | undefined, b: MemoryIndexCheckpoint | undefined): boolean =>
  a?.position === b?.position && a?.version === b?.version && a?.embedder === b?.embedder;

export const sameSpace = (a: MemoryIndexCheckpoint | undefined, b: MemoryIndexCheckpoint): boolean =>
  a?.version === b.version && a?.embedder === b.embedder;
