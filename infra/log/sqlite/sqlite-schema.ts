import type Database from 'better-sqlite3';
import { retryWhileBusy } from './sqlite-busy.js';

/**
 * One table for the log: the global position is the integer primary key (assigned in commit order because
 * every append holds SQLite's write lock), `UNIQUE(stream, revision)` makes optimistic concurrency a constraint,
 * and `UNIQUE(id)` makes appends idempotent by event id. `events_by_type` serves `$all` filtered by one event type
 * (the ledger audit's sales, refunds and token reports) without reading the rest of the log; on a log made before
 * it existed, the first open builds it once.
 */
export const createSchema = (db: Database.Database): void => {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      stream TEXT NOT NULL,
      revision INTEGER NOT NULL,
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      metadata TEXT NOT NULL,
      UNIQUE (stream, revision)
    );
    CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
    CREATE TABLE IF NOT EXISTS checkpoints (
      subscriber TEXT PRIMARY KEY,
      position INTEGER NOT NULL
    );
  `);
};

export type Synchronous = 'FULL' | 'NORMAL';

export const configureConnection = (db: Database.Database, synchronous: Synchronous): void => {
  retryWhileBusy(() => db.pragma('journal_mode = WAL'));
  db.pragma(`synchronous = ${synchronous}`);
  // WAL checkpoints are run by whichever connection crosses the threshold; keep the default size.
  db.pragma('wal_autocheckpoint = 1000');
};
