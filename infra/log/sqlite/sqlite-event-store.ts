import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { EventData, RecordedEvent } from '../../../domain/log/envelope.js';
import type {
  AppendOptions,
  AppendResult,
  CheckpointStore,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  SubscribeToAllOptions,
  SubscribeToStreamOptions,
  Subscription,
} from '../../../domain/log/event-store.js';
import type { CurrentRevision } from '../../../domain/log/expected-revision.js';
import { idempotencyConflict, streamNotFound, type AppendError, type ReadError } from '../../../domain/log/store-errors.js';
import { checkExpectation, judgeRetry } from './sqlite-append.js';
import { filterSql } from './sqlite-filter.js';
import { busyPauseMs, isBusy } from './sqlite-busy.js';
import { EVENT_COLUMNS, rowsToEvents, type EventRow } from './sqlite-rows.js';
import { configureConnection, createSchema, type Synchronous } from './sqlite-schema.js';
import { ChangeWatcher } from './change-watcher.js';
import { scanCache } from './scan-cache.js';
import { countLimit, mergedTypesPageSql, readsThroughTypeIndex, typesInRangeSql } from './sparse-type-reads.js';
import { catchUpSubscription } from './catch-up-subscription.js';

export interface SqliteEventStoreOptions {
  readonly path: string;
  /** `FULL` (default) survives power loss; `NORMAL` may lose the last commits on power loss, never on a process crash. */
  readonly synchronous?: Synchronous;
  /** How long an append waits for another process's write lock before retrying (it never surfaces BUSY). */
  readonly busyTimeoutMs?: number;
  /** Fallback polling period for appends made by other processes (a file watch usually wakes sooner). */
  readonly pollIntervalMs?: number;
}

const PAGE = 1000;

const isConstraint = (e: unknown, column: string): boolean =>
  e instanceof Error && (e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT') === true && e.message.includes(column);

/** The embedded log (SPEC §2.2): one SQLite file in WAL mode, safe for many OS processes at once. */
export const createSqliteEventStore = (options: SqliteEventStoreOptions): EventStore => {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 60_000 });
  configureConnection(db, options.synchronous ?? 'FULL');
  createSchema(db);

  const stmt = {
    streamRevision: db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck(),
    insert: db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
    head: db.prepare('SELECT coalesce(max(position), 0) FROM events').pluck(),
    loadCheckpoint: db.prepare('SELECT position FROM checkpoints WHERE subscriber = ?').pluck(),
    saveCheckpoint: db.prepare(
      'INSERT INTO checkpoints (subscriber, position) VALUES (?, ?) ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position',
    ),
    streamForwards: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`).raw(),
    streamBackwards: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`).raw(),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
  };

  const scans = scanCache(db);

  const currentRevision = (stream: string): CurrentRevision => {
    const r = stmt.streamRevision.get(stream) as number | null;
    return r === null ? 'no_stream' : r;
  };

  const lookupIds = (ids: readonly string[]) =>
    db
      .prepare(`SELECT id, stream, revision, position FROM events WHERE id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as { id: string; stream: string; revision: number; position: number }[];

  /** Thrown inside the transaction to roll it back when an event id is already in the log. */
  class DuplicateEventId extends Error {}

  const appendTx = db.transaction((stream: string, events: readonly EventData[], options: AppendOptions) => {
    const expected = options.expectedRevision ?? 'any';
    const current = currentRevision(stream);
    const mismatch = checkExpectation(stream, expected, current);
    if (mismatch) {
      // A retry of an append that already succeeded finds the stream moved on: answer it as the original did.
      return judgeRetry(stream, events, expected, lookupIds(events.map((e) => e.id)), current) ?? left(mismatch);
    }
    let revision = current === 'no_stream' ? -1 : current;
    const positions: number[] = [];
    for (const e of events) {
      revision += 1;
      try {
        const info = stmt.insert.run(e.id, stream, revision, e.type, JSON.stringify(e.data ?? null), JSON.stringify(e.metadata));
        positions.push(Number(info.lastInsertRowid));
      } catch (err) {
        if (!isConstraint(err, 'events.id')) throw err;
        throw new DuplicateEventId(e.id); // rolls back what this append wrote

      }
    }
    return right({ nextRevision: revision, position: positions[positions.length - 1]!, positions });
  });

  const watcher = new ChangeWatcher(options.path, () => stmt.dataVersion.get() as number, options.pollIntervalMs ?? 25);

  const append = async (
    stream: string,
    events: readonly EventData[],
    opts: AppendOptions = {},
  ): Promise<Either<AppendError, AppendResult>> => {
    if (events.length === 0) throw new Error('append needs at least one event');
    for (;;) {
      try {
        const result = appendTx.immediate(stream, events, opts) as Either<AppendError, AppendResult>;
        if (result._tag === 'Right') watcher.notifyLocal();
        return result;
      } catch (err) {
        if (err instanceof DuplicateEventId) {
          // Some id is already in the log (written elsewhere, or partly): judge the append as a retry.
          const stored = lookupIds(events.map((e) => e.id));
          const judged = judgeRetry(stream, events, opts.expectedRevision ?? 'any', stored, currentRevision(stream));
          return judged ?? left(idempotencyConflict(stream, err.message, 'collided with an id that is no longer found'));
        }
        // The busy timeout already waited; a BUSY here means heavy contention: wait a little and try again.
        if (isBusy(err)) {
          await new Promise((r) => setTimeout(r, busyPauseMs()));
          continue;
        }
        throw err;
      }
    }
  };

  const readStream = async (stream: string, opts: ReadStreamOptions = {}): Promise<Either<ReadError, RecordedEvent[]>> => {
    const direction = opts.direction ?? 'forwards';
    const max = opts.maxCount ?? Number.MAX_SAFE_INTEGER;
    const current = currentRevision(stream);
    if (current === 'no_stream') return left(streamNotFound(stream));
    const from = opts.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const rows =
      direction === 'forwards'
        ? stmt.streamForwards.all(stream, from === 'start' ? 0 : from === 'end' ? current + 1 : from, max)
        : stmt.streamBackwards.all(stream, from === 'end' ? current : from === 'start' ? -1 : from, max);
    return right(rowsToEvents(rows as EventRow[]));
  };

  // Each read of the log used to prepare its page query anew; the few distinct queries (one per filter a caller
  // uses) are kept prepared instead. `.all()` reads a page whole, so one statement may serve overlapping reads.
  const preparedPages = new Map<string, Database.Statement>();
  const prepareOnce = (sql: string): Database.Statement => {
    let prepared = preparedPages.get(sql);
    if (!prepared) {
      // Bounded: callers with ever-changing filters (stream prefixes by id) must not grow it without end.
      if (preparedPages.size >= 64) preparedPages.delete(preparedPages.keys().next().value!);
      preparedPages.set(sql, (prepared = db.prepare(sql).raw()));
    }
    return prepared;
  };

  const pageQuery = (direction: 'forwards' | 'backwards', filter: ReadAllOptions['filter']) => {
    const f = filterSql(filter);
    const sql =
      direction === 'forwards'
        ? `SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? AND position <= ? AND ${f.sql} ORDER BY position ASC LIMIT ?`
        : `SELECT ${EVENT_COLUMNS} FROM events WHERE position < ? AND ${f.sql} ORDER BY position DESC LIMIT ?`;
    const prepared = prepareOnce(sql);
    return direction === 'forwards'
      ? (after: number, upTo: number, limit: number) => prepared.all(after, upTo, ...f.params, limit) as EventRow[]
      : (before: number, limit: number) => prepared.all(before, ...f.params, limit) as EventRow[];
  };

  /** The forward pages of a read of `(after, head]`: through the type index when its types are few there (sparse-type-reads). */
  const forwardPages = (filter: ReadAllOptions['filter'], after: number, head: number) => {
    const types = filter && 'eventTypes' in filter ? [...new Set(filter.eventTypes)] : [];
    if (readsThroughTypeIndex(types.length, 0, head - after)) {
      const [matches] = prepareOnce(typesInRangeSql(types.length)).get(...types, after, head, countLimit(head - after)) as [number];
      if (readsThroughTypeIndex(types.length, matches, head - after)) {
        const merged = prepareOnce(mergedTypesPageSql(types.length));
        return (from: number, upTo: number, limit: number) => merged.all(...types.flatMap((t) => [t, from, upTo]), limit) as EventRow[];
      }
    }
    return pageQuery('forwards', filter) as (a: number, b: number, l: number) => EventRow[];
  };

  const readAll = (opts: ReadAllOptions = {}): AsyncIterable<RecordedEvent> => ({
    async *[Symbol.asyncIterator]() {
      for await (const page of readAllPages(opts)) yield* page;
    },
  });

  const readAllPages = (opts: ReadAllOptions = {}): AsyncIterable<readonly RecordedEvent[]> => ({
    async *[Symbol.asyncIterator]() {
      const direction = opts.direction ?? 'forwards';
      let remaining = opts.maxCount ?? Number.MAX_SAFE_INTEGER;
      if (direction === 'forwards') {
        const head = stmt.head.get() as number;
        // Positions here are 1, 2, 3 …: an inclusive bound is the exclusive one just before it.
        let after =
          opts.fromPosition === undefined || opts.fromPosition === 'start'
            ? 0
            : opts.fromPosition === 'end'
              ? head
              : opts.inclusive
                ? opts.fromPosition - 1
                : opts.fromPosition;
        const page = forwardPages(opts.filter, after, head);
        // A scan that fills its first page is a long one (a catch-up, a rebuild): the rest is read with a small cache.
        let long = false;
        try {
          while (remaining > 0) {
            const rows = page(after, head, Math.min(PAGE, remaining));
            if (!long && rows.length === PAGE) {
              long = true;
              scans.enter();
            }
            if (rows.length > 0) yield rowsToEvents(rows);
            if (rows.length < Math.min(PAGE, remaining)) return;
            remaining -= rows.length;
            after = rows[rows.length - 1]![0];
          }
        } finally {
          if (long) scans.leave();
        }
      } else {
        const page = pageQuery('backwards', opts.filter) as (b: number, l: number) => EventRow[];
        let before =
          opts.fromPosition === undefined || opts.fromPosition === 'end'
            ? Number.MAX_SAFE_INTEGER
            : opts.fromPosition === 'start'
              ? 0
              : opts.inclusive
                ? opts.fromPosition + 1
                : opts.fromPosition;
        while (remaining > 0) {
          const rows = page(before, Math.min(PAGE, remaining));
          if (rows.length > 0) yield rowsToEvents(rows);
          if (rows.length < Math.min(PAGE, remaining)) return;
          remaining -= rows.length;
          before = rows[rows.length - 1]![0];
        }
      }
    },
  });

  const subscriptions = new Set<Subscription>();
  const track = (s: Subscription): Subscription => {
    subscriptions.add(s);
    const close = s.close.bind(s);
    return Object.assign(s, {
      close: async () => {
        subscriptions.delete(s);
        await close();
      },
    });
  };

  const subscribeToAll = (opts: SubscribeToAllOptions = {}): Subscription => {
    const page = pageQuery('forwards', opts.filter) as (a: number, b: number, l: number) => EventRow[];
    const from = opts.fromPosition ?? 'start';
    return track(
      catchUpSubscription({
        start: () => (from === 'start' ? 0 : from === 'end' ? (stmt.head.get() as number) : from),
        head: () => stmt.head.get() as number,
        page: (after, upTo) => rowsToEvents(page(after, upTo, PAGE)),
        cursorOf: (e) => e.position,
        watcher,
      }),
    );
  };

  const subscribeToStream = (stream: string, opts: SubscribeToStreamOptions = {}): Subscription => {
    const from = opts.fromRevision ?? 'start';
    const revisionHead = () => {
      const r = currentRevision(stream);
      return r === 'no_stream' ? -1 : r;
    };
    return track(
      catchUpSubscription({
        start: () => (from === 'start' ? -1 : from === 'end' ? revisionHead() : from),
        head: revisionHead,
        page: (after, upTo) => rowsToEvents(stmt.streamForwards.all(stream, after + 1, Math.min(PAGE, upTo - after)) as EventRow[]),
        cursorOf: (e) => e.revision,
        caughtUpPosition: () => stmt.head.get() as number,
        watcher,
      }),
    );
  };

  const checkpoints: CheckpointStore = {
    load: async (subscriber) => (stmt.loadCheckpoint.get(subscriber) as number | undefined) ?? undefined,
    save: async (subscriber, position) => {
      for (;;) {
        try {
          stmt.saveCheckpoint.run(subscriber, position);
          return;
        } catch (err) {
          if (!isBusy(err)) throw err;
          await new Promise((r) => setTimeout(r, busyPauseMs()));
        }
      }
    },
  };

  return {
    append,
    readStream,
    readAll,
    readAllPages,
    headPosition: async () => stmt.head.get() as number,
    // Positions are 1, 2, 3 … (an integer primary key, never deleted from): their differences count events.
    progress: (from, at, to) => ({ done: Math.max(0, Math.min(at, to) - from), total: Math.max(0, to - from) }),
    eventCount: async () => stmt.head.get() as number,
    subscribeToAll,
    subscribeToStream,
    checkpoints,
    close: async () => {
      await Promise.all([...subscriptions].map((s) => s.close()));
      watcher.stop();
      db.close();
    },
  };
};
