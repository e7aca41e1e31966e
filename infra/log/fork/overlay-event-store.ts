import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
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
  SubscriptionMessage,
} from '../../../domain/log/event-store.js';
import { matchesFilter } from '../../../domain/log/event-store.js';
import type { CurrentRevision } from '../../../domain/log/expected-revision.js';
import { idempotencyConflict, streamNotFound, type AppendError, type ReadError } from '../../../domain/log/store-errors.js';
import { checkExpectation, judgeRetry } from '../sqlite/sqlite-append.js';
import { EVENT_COLUMNS, rowsToEvents, type EventRow } from '../sqlite/sqlite-rows.js';
import { configureConnection, createSchema } from '../sqlite/sqlite-schema.js';
import { ChangeWatcher } from '../sqlite/change-watcher.js';

export interface OverlayEventStoreOptions {
  /** The log the fork is taken from. Only read, and only strictly before `forkBefore`. */
  readonly base: EventStore;
  /**
   * The fork point: a position the base handed out. The fork sees base events strictly before it (compared, never
   * computed with) and its own events after them.
   */
  readonly forkBefore: number;
  /** The fork's own SQLite file: its events and its checkpoints. */
  readonly path: string;
  /** Whether `close()` closes the base too (a fork opened on its own) or leaves it to its owner. */
  readonly closeBase?: boolean;
}

const PAGE = 1000;

/**
 * A what-if fork of a log (issue 20): the base log as it was before the fork point, then the fork's own events,
 * behind the same port as every other log. Appends go to the fork's own SQLite file only; the base is never written.
 *
 * Positions: base events keep theirs (all below `forkBefore`); the fork's own events are numbered from
 * `forkBefore + 1` up, in commit order — so every position above the port still only needs comparing. Stream
 * revisions continue the base's: an append to a stream the base had goes on after its last revision before the
 * fork point.
 */
export const createOverlayEventStore = (options: OverlayEventStoreOptions): EventStore => {
  const { base, forkBefore } = options;
  mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path, { timeout: 60_000 });
  configureConnection(db, 'FULL');
  createSchema(db);
  const own = {
    streamRevision: db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck(),
    insert: db.prepare('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)'),
    head: db.prepare('SELECT coalesce(max(position), 0) FROM events').pluck(),
    forwards: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`).raw(),
    backwards: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position < ? ORDER BY position DESC LIMIT ?`).raw(),
    stream: db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream = ? ORDER BY revision ASC`).raw(),
    byId: db.prepare('SELECT id, stream, revision, position FROM events WHERE id = ?'),
    loadCheckpoint: db.prepare('SELECT position FROM checkpoints WHERE subscriber = ?').pluck(),
    saveCheckpoint: db.prepare(
      'INSERT INTO checkpoints (subscriber, position) VALUES (?, ?) ON CONFLICT (subscriber) DO UPDATE SET position = excluded.position',
    ),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
  };
  const watcher = new ChangeWatcher(options.path, () => own.dataVersion.get() as number, 100);

  /** An own row as the port shows it: its position lifted above the fork point. */
  const lift = (e: RecordedEvent): RecordedEvent => ({ ...e, position: forkBefore + e.position });
  const ownRows = (rows: EventRow[]) => rowsToEvents(rows).map(lift);
  /** Where an own-territory position falls among the own rows (row ids are 1, 2, 3 …). */
  const ownIndex = (position: number) => Math.max(0, position - forkBefore);

  // The base never changes below the fork point: each stream's part of it is read once.
  const baseStreams = new Map<string, readonly RecordedEvent[]>();
  const baseStream = async (stream: string): Promise<readonly RecordedEvent[]> => {
    let events = baseStreams.get(stream);
    if (!events) {
      const read = await base.readStream(stream);
      events = isLeft(read) ? [] : read.right.filter((e) => e.position < forkBefore);
      baseStreams.set(stream, events);
    }
    return events;
  };

  const lastBasePosition = async (): Promise<number> => {
    for await (const e of base.readAll({ direction: 'backwards', fromPosition: forkBefore, maxCount: 1 })) return e.position;
    return 0;
  };

  class DuplicateEventId extends Error {}

  const append = async (stream: string, events: readonly EventData[], opts: AppendOptions = {}): Promise<Either<AppendError, AppendResult>> => {
    if (events.length === 0) throw new Error('append needs at least one event');
    const before = await baseStream(stream);
    const baseRevision: CurrentRevision = before.length > 0 ? before[before.length - 1]!.revision : 'no_stream';
    const current = (): CurrentRevision => {
      const r = own.streamRevision.get(stream) as number | null;
      return r === null ? baseRevision : r;
    };
    const stored = () => {
      const ids = new Set(events.map((e) => e.id));
      const fromBase = before.filter((e) => ids.has(e.id)).map((e) => ({ id: e.id, stream: e.stream, revision: e.revision, position: e.position }));
      const fromOwn = events.flatMap((e) => {
        const row = own.byId.get(e.id) as { id: string; stream: string; revision: number; position: number } | undefined;
        return row ? [{ ...row, position: forkBefore + row.position }] : [];
      });
      return [...fromBase, ...fromOwn];
    };
    const tx = db.transaction((): Either<AppendError, AppendResult> => {
      const expected = opts.expectedRevision ?? 'any';
      const now = current();
      const mismatch = checkExpectation(stream, expected, now);
      const known = stored();
      if (mismatch || known.length > 0) return judgeRetry(stream, events, expected, known, now) ?? left(mismatch!);
      let revision = now === 'no_stream' ? -1 : now;
      const positions: number[] = [];
      for (const e of events) {
        revision += 1;
        try {
          const info = own.insert.run(e.id, stream, revision, e.type, JSON.stringify(e.data ?? null), JSON.stringify(e.metadata));
          positions.push(forkBefore + Number(info.lastInsertRowid));
        } catch (err) {
          if (err instanceof Error && err.message.includes('events.id')) throw new DuplicateEventId(e.id);
          throw err;
        }
      }
      return right({ nextRevision: revision, position: positions[positions.length - 1]!, positions });
    });
    try {
      const result = tx.immediate();
      if (result._tag === 'Right') watcher.notifyLocal();
      return result;
    } catch (err) {
      if (err instanceof DuplicateEventId) return left(idempotencyConflict(stream, err.message, 'is already in the fork'));
      throw err;
    }
  };

  const readStream = async (stream: string, opts: ReadStreamOptions = {}): Promise<Either<ReadError, RecordedEvent[]>> => {
    const all = [...(await baseStream(stream)), ...ownRows(own.stream.all(stream) as EventRow[])];
    if (all.length === 0) return left(streamNotFound(stream));
    const direction = opts.direction ?? 'forwards';
    const max = opts.maxCount ?? Number.MAX_SAFE_INTEGER;
    const last = all[all.length - 1]!.revision;
    const from = opts.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    if (direction === 'forwards') {
      const at = from === 'start' ? 0 : from === 'end' ? last + 1 : from;
      return right(all.filter((e) => e.revision >= at).slice(0, max));
    }
    const at = from === 'end' ? last : from === 'start' ? -1 : from;
    return right(all.filter((e) => e.revision <= at).reverse().slice(0, max));
  };

  const readAllPages = (opts: ReadAllOptions = {}): AsyncIterable<readonly RecordedEvent[]> => ({
    async *[Symbol.asyncIterator]() {
      let remaining = opts.maxCount ?? Number.MAX_SAFE_INTEGER;
      const keep = (events: readonly RecordedEvent[]) => {
        const kept = events.filter((e) => matchesFilter(opts.filter, e)).slice(0, remaining);
        remaining -= kept.length;
        return kept;
      };
      const from = opts.fromPosition;
      if ((opts.direction ?? 'forwards') === 'forwards') {
        const head = own.head.get() as number;
        // The base part: from a base position (or the start) up to the fork point.
        if (from === undefined || from === 'start' || (typeof from === 'number' && from < forkBefore)) {
          let page: RecordedEvent[] = [];
          for await (const e of base.readAll({ ...(from === undefined ? {} : { fromPosition: from }), ...(opts.inclusive ? { inclusive: true } : {}), ...(opts.filter ? { filter: opts.filter } : {}) })) {
            if (e.position >= forkBefore || remaining <= 0) break;
            page.push(e);
            if (page.length >= PAGE) {
              yield keep(page);
              page = [];
            }
          }
          if (page.length > 0) yield keep(page);
        }
        let after = from === 'end' ? head : typeof from === 'number' && from >= forkBefore ? ownIndex(from) - (opts.inclusive ? 1 : 0) : 0;
        while (remaining > 0) {
          const rows = own.forwards.all(after, PAGE) as EventRow[];
          if (rows.length === 0 || rows[0]![0] > head) return;
          const kept = keep(ownRows(rows.filter((r) => r[0] <= head)));
          if (kept.length > 0) yield kept;
          after = rows[rows.length - 1]![0];
          if (rows.length < PAGE) return;
        }
        return;
      }
      // Backwards: the fork's own events first, then the base before the fork point.
      const startsInOwn = from === undefined || from === 'end' || (typeof from === 'number' && from > forkBefore);
      if (startsInOwn) {
        let before = from === undefined || from === 'end' ? Number.MAX_SAFE_INTEGER : ownIndex(from) + (opts.inclusive ? 1 : 0);
        while (remaining > 0) {
          const rows = own.backwards.all(before, PAGE) as EventRow[];
          if (rows.length === 0) break;
          const kept = keep(ownRows(rows));
          if (kept.length > 0) yield kept;
          before = rows[rows.length - 1]![0];
          if (rows.length < PAGE) break;
        }
      }
      if (remaining <= 0 || from === 'start') return;
      const baseFrom = startsInOwn || from === forkBefore ? { fromPosition: forkBefore } : { fromPosition: from as number, ...(opts.inclusive ? { inclusive: true } : {}) };
      let page: RecordedEvent[] = [];
      for await (const e of base.readAll({ direction: 'backwards', ...baseFrom, ...(opts.filter ? { filter: opts.filter } : {}) })) {
        if (remaining <= 0) break;
        if (e.position >= forkBefore) continue;
        page.push(e);
        if (page.length >= PAGE) {
          yield keep(page);
          page = [];
        }
      }
      if (page.length > 0) yield keep(page);
    },
  });

  const readAll = (opts: ReadAllOptions = {}): AsyncIterable<RecordedEvent> => ({
    async *[Symbol.asyncIterator]() {
      for await (const page of readAllPages(opts)) yield* page;
    },
  });

  const headPosition = async () => {
    const ownHead = own.head.get() as number;
    return ownHead > 0 ? forkBefore + ownHead : lastBasePosition();
  };

  /** A catch-up subscription over any cursor: history by reading, then live as the fork's own file changes. */
  const subscription = (
    readAfter: (cursor: number | undefined) => AsyncIterable<RecordedEvent>,
    cursorOf: (e: RecordedEvent) => number,
    start: () => Promise<number | undefined>,
  ): Subscription => {
    let closed = false;
    let wake: (() => void) | undefined;
    const signal = {
      get aborted() {
        return closed;
      },
      onAbort: (f: () => void) => {
        wake = f;
      },
    };
    async function* messages(): AsyncGenerator<SubscriptionMessage> {
      let cursor = await start();
      const drain = async function* () {
        for await (const e of readAfter(cursor)) {
          if (closed) return;
          cursor = cursorOf(e);
          yield { kind: 'event', event: e } as const;
        }
      };
      yield* drain();
      if (closed) return;
      yield { kind: 'caughtUp', position: await headPosition() };
      while (!closed) {
        const stamp = watcher.stamp();
        let any = false;
        for await (const m of drain()) {
          any = true;
          yield m;
        }
        if (!any && !closed) await watcher.wait(stamp, signal);
      }
    }
    const iterator = messages();
    const s: Subscription = {
      [Symbol.asyncIterator]: () => iterator,
      close: async () => {
        closed = true;
        wake?.();
        subscriptions.delete(s);
        await iterator.return(undefined);
      },
    };
    subscriptions.add(s);
    return s;
  };
  const subscriptions = new Set<Subscription>();

  const subscribeToAll = (opts: SubscribeToAllOptions = {}): Subscription => {
    const from = opts.fromPosition ?? 'start';
    return subscription(
      (cursor) => readAll({ fromPosition: cursor ?? 'start', ...(opts.filter ? { filter: opts.filter } : {}) }),
      (e) => e.position,
      async () => (from === 'end' ? headPosition() : from === 'start' ? undefined : from),
    );
  };

  const subscribeToStream = (stream: string, opts: SubscribeToStreamOptions = {}): Subscription => {
    const from = opts.fromRevision ?? 'start';
    return subscription(
      (cursor) => ({
        async *[Symbol.asyncIterator]() {
          const read = await readStream(stream);
          if (isLeft(read)) return;
          yield* read.right.filter((e) => e.revision > (cursor ?? -1));
        },
      }),
      (e) => e.revision,
      async () => {
        if (from !== 'end') return from === 'start' ? undefined : from;
        const read = await readStream(stream, { direction: 'backwards', maxCount: 1 });
        return isLeft(read) ? undefined : read.right[0]?.revision;
      },
    );
  };

  const checkpoints: CheckpointStore = {
    load: async (subscriber) => (own.loadCheckpoint.get(subscriber) as number | undefined) ?? undefined,
    save: async (subscriber, position) => void own.saveCheckpoint.run(subscriber, position),
  };

  return {
    append,
    readStream,
    readAll,
    readAllPages,
    headPosition,
    progress: (from, at, to) => {
      // The base measures its own part; each of the fork's events counts one.
      const baseTo = Math.min(to, forkBefore);
      const basePart = from < forkBefore ? base.progress(from, Math.min(at, baseTo), baseTo) : { done: 0, total: 0 };
      const ownTotal = Math.max(0, ownIndex(to) - ownIndex(from));
      const ownDone = Math.min(ownTotal, Math.max(0, ownIndex(at) - ownIndex(from)));
      return { done: basePart.done + ownDone, total: basePart.total + ownTotal };
    },
    eventCount: async () => undefined,
    subscribeToAll,
    subscribeToStream,
    checkpoints,
    close: async () => {
      await Promise.all([...subscriptions].map((s) => s.close()));
      watcher.stop();
      db.close();
      if (options.closeBase) await base.close();
    },
  };
};
