// Reads over the client: a stream into an array (the port's shape), `$all` and stream history as paged async
// iterables. Pages are consumed as they stream in (memory stays bounded with large events) and cancelled when
// left early. `$all` reads hide system events and checkpoints and apply the port's filter on the client (the
// client's server-side read filters are not used: reads and their paging stay the same on every server version).
// A stream deleted for good (tombstoned) is a named store failure, not an empty or missing stream.
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamRecordedEvent,
  type Position,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../../../domain/log/envelope.js';
import { matchesFilter, type ReadAllOptions, type ReadStreamOptions } from '../../../domain/log/event-store.js';
import { streamNotFound, type ReadError } from '../../../domain/log/store-errors.js';
import { streamDeleted } from '../store-failures.js';
import { isStreamDeleted, isStreamNotFound } from './esdb-errors.js';
import { fromEsdbEvent } from './esdb-events.js';
import { isHiddenFromAll } from './esdb-hidden-events.js';
import { positionOf, toEsdbPosition } from './esdb-positions.js';
import type { EsdbClient } from './esdb-client.js';

const PAGE = 500;

/**
 * The server reads of a fold (`readAllPages`, every event of the log): ten times fewer round trips than `PAGE`, the
 * server streaming the next events while the fold takes the last (a first start of 100,014 events over the emulator:
 * 8.0–9.8 s against 10.4–10.8 s with pages of 500). They are still handed on 500 at a time as they arrive.
 */
const FOLD_PAGE = 5000;

/** One server read, consumed as it streams; the call is cancelled (the iterator returned) when the consumer stops early. */
async function* consume<E>(read: AsyncIterableIterator<E>): AsyncGenerator<E> {
  let finished = false;
  try {
    for await (const item of read) yield item;
    finished = true;
  } finally {
    if (!finished) await read.return?.();
  }
}

const toReadRevision = (revision: number | 'start' | 'end'): ReadRevision =>
  revision === 'start' ? START : revision === 'end' ? END : BigInt(revision);

/** Reads one stream into an array, or StreamNotFound. */
const readWhole = async (
  client: EsdbClient,
  stream: string,
  options: ReadStreamOptions & { readonly fromRevision: number | 'start' | 'end' },
  requiresLeader: boolean,
): Promise<Either<ReadError, RecordedEvent[]>> => {
  const read = client.readStream(stream, {
    direction: options.direction === 'backwards' ? BACKWARDS : FORWARDS,
    fromRevision: toReadRevision(options.fromRevision),
    requiresLeader,
    ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
  });
  try {
    const events: RecordedEvent[] = [];
    for await (const resolved of consume(read)) events.push(fromEsdbEvent(resolved.event));
    return right(events);
  } catch (error) {
    if (isStreamNotFound(error)) return left(streamNotFound(stream));
    if (isStreamDeleted(error)) throw streamDeleted(stream, error);
    throw error;
  }
};

/** A stream's events as the port reads them; `requiresLeader` for reads that must see the latest writes (a follower refuses them). */
export const readStream = async (
  client: EsdbClient,
  stream: string,
  options: ReadStreamOptions = {},
  requiresLeader = false,
): Promise<Either<ReadError, RecordedEvent[]>> => {
  const forwards = (options.direction ?? 'forwards') === 'forwards';
  const fromRevision = options.fromRevision ?? (forwards ? 'start' : 'end');
  const selectsNothing = (options.maxCount ?? 1) <= 0 || (forwards && fromRevision === 'end') || (!forwards && fromRevision === 'start');
  if (!selectsNothing) return readWhole(client, stream, { ...options, fromRevision }, requiresLeader);
  // A read that selects nothing must still tell a missing stream apart: probe the stream's last event.
  const probe = await readWhole(client, stream, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }, requiresLeader);
  return isLeft(probe) ? probe : right([]);
};

/** The stream's last revision, -1 when it has no events. */
export const lastRevision = async (client: EsdbClient, stream: string): Promise<number> => {
  const last = await readStream(client, stream, { direction: 'backwards', maxCount: 1 });
  return last._tag === 'Right' && last.right[0] ? last.right[0].revision : -1;
};

/** A stream's events after a revision, to its current end (nothing when the stream does not exist). */
export async function* streamHistory(client: EsdbClient, stream: string, afterRevision: number): AsyncGenerator<RecordedEvent> {
  let next = afterRevision + 1;
  for (;;) {
    let seen = 0;
    try {
      for await (const resolved of consume(client.readStream(stream, { fromRevision: BigInt(next), maxCount: PAGE }))) {
        seen += 1;
        const event = fromEsdbEvent(resolved.event);
        next = event.revision + 1;
        yield event;
      }
    } catch (error) {
      if (isStreamNotFound(error)) return;
      if (isStreamDeleted(error)) throw streamDeleted(stream, error);
      throw error;
    }
    if (seen < PAGE) return;
  }
}

/** Whether the port shows a `$all` event to a read with these options. */
const shown = (raw: AllStreamRecordedEvent, options: ReadAllOptions): boolean => {
  const summary = { stream: raw.streamId, type: raw.type };
  return !isHiddenFromAll(summary) && matchesFilter(options.filter, summary);
};

/**
 * `$all` events the port shows, undecoded, with exclusive position bounds unless `inclusive`. The server reads
 * forwards from a position inclusively and backwards exclusively; the bound is dropped here either way, so both
 * directions are exclusive as the port says. Inclusive, the forwards read keeps the event at the bound, and the
 * backwards read first reads that event forwards (the server has no inclusive backwards read). Events are handed on
 * in arrays of up to `handOnEvery` as they stream in: one each for readers that stop early or hold little, a
 * server page for a fold (which reads every event of the log: one step of its iteration per page, not per event).
 */
async function* visibleInAllPages(client: EsdbClient, options: ReadAllOptions, handOnEvery: number, serverPage = PAGE): AsyncGenerator<AllStreamRecordedEvent[]> {
  const forwards = (options.direction ?? 'forwards') === 'forwards';
  const from = options.fromPosition ?? (forwards ? 'start' : 'end');
  let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
  if (remaining <= 0) return;
  const inclusive = options.inclusive === true && typeof from === 'number' && from !== 0;
  if (inclusive && !forwards) {
    for await (const { event: raw } of consume(client.readAll({ direction: FORWARDS, fromPosition: toEsdbPosition(from), maxCount: 1 }))) {
      if (raw && positionOf(raw.position) === from && shown(raw, options)) {
        yield [raw];
        remaining -= 1;
      }
    }
    if (remaining <= 0) return;
  }
  if ((forwards && from === 'end') || (!forwards && (from === 'start' || from === 0))) return;
  let bound = typeof from === 'number' && !(inclusive && forwards) ? from : undefined;
  let cursor: ReadPosition = typeof from === 'number' ? (from === 0 ? START : toEsdbPosition(from)) : from === 'start' ? START : END;
  // Small reads ask for little (large events are costly to over-fetch); pages grow when hidden events are skipped.
  let pageSize = Math.min(serverPage, remaining + 1);
  for (;;) {
    let seen = 0;
    let last: Position | undefined;
    let page: AllStreamRecordedEvent[] = [];
    for await (const resolved of consume(client.readAll({ direction: forwards ? FORWARDS : BACKWARDS, fromPosition: cursor, maxCount: pageSize }))) {
      seen += 1;
      const raw = resolved.event;
      if (!raw) throw new Error('the server sent a $all read response without an event');
      last = raw.position;
      const position = positionOf(raw.position);
      if (bound !== undefined && (forwards ? position <= bound : position >= bound)) continue;
      if (!shown(raw, options)) continue;
      page.push(raw);
      remaining -= 1;
      if (remaining <= 0) break;
      if (page.length >= handOnEvery) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
    if (remaining <= 0 || seen < pageSize || !last) return;
    cursor = last;
    bound = positionOf(last);
    pageSize = Math.min(serverPage, Math.max(remaining + 1, pageSize * 4));
  }
}

/** `$all` events the port shows, one by one as they stream in (see `visibleInAllPages`). */
async function* visibleInAll(client: EsdbClient, options: ReadAllOptions): AsyncGenerator<AllStreamRecordedEvent> {
  for await (const [raw] of visibleInAllPages(client, options, 1)) yield raw!;
}

export async function* readAll(client: EsdbClient, options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
  for await (const raw of visibleInAll(client, options)) yield fromEsdbEvent(raw);
}

/** `$all` read a server page at a time, each page decoded (the port's `readAllPages`). */
export async function* readAllPages(client: EsdbClient, options: ReadAllOptions = {}): AsyncGenerator<readonly RecordedEvent[]> {
  for await (const page of visibleInAllPages(client, options, PAGE, FOLD_PAGE)) yield page.map(fromEsdbEvent);
}

/** The position of the last event the port shows in `$all`; 0 when there is none. Needs no decoding. */
export const headPosition = async (client: EsdbClient): Promise<number> => {
  for await (const raw of visibleInAll(client, { direction: 'backwards', maxCount: 1 })) return positionOf(raw.position);
  return 0;
};
