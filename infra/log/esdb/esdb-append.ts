// Appends with KurrentDB's rules. The server decides idempotency: a retry of the same events (same ids, same order)
// succeeds without writing; a retry that only partly matches ("corrupted idempotency" in the server) is answered
// with WrongExpectedVersion, so a refusal is examined to tell the two apart. Positions of every event are returned:
// the server reports only the last one (and older servers none on an idempotent retry), so they are read back
// when the append holds several events or the response carries none.
// Appends require the leader: a follower answers NotLeader (nothing written), the client reconnects to the leader
// and the append is sent again. An append whose answer is lost (a timeout, a dropped connection) is settled by
// reading the stream back by event id before anything is reported (esdb-settle.ts). Size limits are checked before
// sending when the server's version is known (esdb-size-limits.ts).
import { ANY, NO_STREAM, STREAM_EXISTS, type AppendStreamState } from '@kurrent/kurrentdb-client';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { EventData, RecordedEvent } from '../../../domain/log/envelope.js';
import type { AppendResult } from '../../../domain/log/event-store.js';
import type { CurrentRevision, ExpectedRevision } from '../../../domain/log/expected-revision.js';
import { idempotencyConflict, wrongExpectedVersion, type AppendError } from '../../../domain/log/store-errors.js';
import { appendOutcomeUnknown, appendTooLarge, streamDeleted } from '../store-failures.js';
import { actualRevisionOf, isAmbiguous, isAppendTooLarge, isNotLeader, isStreamDeleted, isWrongExpectedVersion } from './esdb-errors.js';
import { findWritten } from './esdb-settle.js';
import { appendSize, checkAppendSize } from './esdb-size-limits.js';
import { toEsdbEvent } from './esdb-events.js';
import { reportedPosition } from './esdb-positions.js';
import { readStream } from './esdb-reads.js';
import type { EsdbClient } from './esdb-client.js';

const toEsdbExpected = (expected: ExpectedRevision): AppendStreamState => {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
};

const READ_BACK_ATTEMPTS = 5;
/** A follower's NotLeader makes the client reconnect to the leader; the append is sent again at most this often. */
const NOT_LEADER_RETRIES = 3;

const partlyWritten = (stream: string, events: readonly EventData[]) =>
  idempotencyConflict(stream, events[0]!.id, 'was appended before, but this append is not the same as that one (a retry must repeat it exactly)');

/**
 * Why the server refused: a real expectation mismatch, or a partial retry. `any` is only ever refused for a partial
 * retry; `stream_exists` when the stream exists; an exact revision when the event after it is our first event.
 */
const explainRefusal = async (
  client: EsdbClient,
  stream: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  actual: CurrentRevision,
): Promise<AppendError> => {
  if (expected === 'any') return partlyWritten(stream, events);
  if (expected === 'stream_exists') return actual === 'no_stream' ? wrongExpectedVersion(stream, expected, actual) : partlyWritten(stream, events);
  const after = expected === 'no_stream' ? -1 : expected;
  if (actual !== 'no_stream' && after < actual) {
    const next = await readStream(client, stream, { fromRevision: after + 1, maxCount: 1 }, true);
    if (next._tag === 'Right' && next.right[0]?.id === events[0]!.id) return partlyWritten(stream, events);
  }
  return wrongExpectedVersion(stream, expected, actual);
};

/** The appended (or originally appended) events' positions, read back from the stream. */
const readBack = async (
  client: EsdbClient,
  stream: string,
  events: readonly EventData[],
  nextRevision: number,
): Promise<Either<AppendError, AppendResult>> => {
  const firstRevision = nextRevision - events.length + 1;
  let found: RecordedEvent[] = [];
  // A node acknowledges an append once it is indexed, so the events are readable at once; a short wait covers
  // nodes that are slower to index before a missing event is taken as a sign of a misplaced retry.
  for (let attempt = 0; firstRevision >= 0 && attempt < READ_BACK_ATTEMPTS; attempt++) {
    const stored = await readStream(client, stream, { fromRevision: firstRevision, maxCount: events.length }, true);
    found = stored._tag === 'Right' ? stored.right : [];
    if (found.length === events.length) break;
    await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
  }
  // The server's idempotency check (expected `any`) does not compare order: same ids elsewhere is a conflict here.
  const misplaced = events.find((e, i) => found[i]?.id !== e.id);
  if (misplaced) return left(idempotencyConflict(stream, misplaced.id, 'was already appended at another place in the stream'));
  const positions = found.map((e) => e.position);
  return right({ nextRevision, position: positions[positions.length - 1]!, positions });
};

interface Sent {
  readonly nextRevision: number;
  readonly position: number | undefined;
}

/** One append as the server answers it, sent again after a follower's NotLeader (the client has moved to the leader). */
const sendAppend = async (client: EsdbClient, stream: string, events: readonly EventData[], expected: ExpectedRevision): Promise<Sent> => {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await client.appendToStream(stream, events.map(toEsdbEvent), { streamState: toEsdbExpected(expected), requiresLeader: true });
      return { nextRevision: Number(result.nextExpectedRevision), position: reportedPosition(result.position) };
    } catch (error) {
      if (!isNotLeader(error) || attempt >= NOT_LEADER_RETRIES) throw error;
    }
  }
};

/** What the server's answer to an append means for the port. */
const answered = (client: EsdbClient, stream: string, events: readonly EventData[], sent: Sent): Promise<Either<AppendError, AppendResult>> =>
  events.length === 1 && sent.position !== undefined
    ? Promise.resolve(right({ nextRevision: sent.nextRevision, position: sent.position, positions: [sent.position] }))
    : readBack(client, stream, events, sent.nextRevision);

/** A refusal of the server as the port reports it: a Left, a named store failure, or `undefined` when it is neither. */
const refusal = async (
  client: EsdbClient,
  stream: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  error: unknown,
): Promise<Either<AppendError, never> | undefined> => {
  if (isWrongExpectedVersion(error)) return left(await explainRefusal(client, stream, events, expected, actualRevisionOf(error)));
  if (isAppendTooLarge(error)) throw appendTooLarge(stream, 'append', appendSize(events), error.maxAppendSize, 'on this server (its MaxAppendSize)', error);
  if (isStreamDeleted(error)) throw streamDeleted(stream, error);
  return undefined;
};

/** A lost answer is settled by reading back, and (nothing written) by sending the same append again, this often. */
const RESENDS = 2;

/**
 * An append whose answer was lost: read back by event id. Found, it was written (success, with its positions); not
 * found, the same append is sent again (same ids, same expectation: the server's idempotency keeps it from taking
 * effect twice even if the first one lands late). Still not found after the last resend's answer was lost too: a
 * named failure (nothing was found, but a late commit cannot be ruled out).
 */
const settleAppend = async (
  client: EsdbClient,
  stream: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  lost: unknown,
): Promise<Either<AppendError, AppendResult>> => {
  let cause = lost;
  for (let round = 0; ; round++) {
    const written = await findWritten(client, stream, events, expected, cause);
    if (written.kind === 'all') {
      const positions = written.events.map((e) => e.position);
      return right({ nextRevision: written.events.at(-1)!.revision, position: positions.at(-1)!, positions });
    }
    if (written.kind === 'partly') return left(idempotencyConflict(stream, written.missing, 'was not written with the rest of its append'));
    if (round === RESENDS) break;
    try {
      return await answered(client, stream, events, await sendAppend(client, stream, events, expected));
    } catch (error) {
      const refused = await refusal(client, stream, events, expected, error);
      if (refused) return refused;
      if (!isAmbiguous(error)) throw error;
      cause = error;
    }
  }
  throw appendOutcomeUnknown(stream, events[0]!.id, cause);
};

export interface AppendSettings {
  /** The node's MaxAppendSize when raised above the default (servers up to 25.0). */
  readonly maxAppendSize: number | undefined;
}

export const appendEvents = async (
  client: EsdbClient,
  stream: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  settings: AppendSettings = { maxAppendSize: undefined },
): Promise<Either<AppendError, AppendResult>> => {
  if (events.length === 0) throw new Error('append needs at least one event');
  checkAppendSize(stream, events, await client.serverVersion(), settings.maxAppendSize);
  let sent: Sent;
  try {
    sent = await sendAppend(client, stream, events, expected);
  } catch (error) {
    const refused = await refusal(client, stream, events, expected, error);
    if (refused) return refused;
    if (isAmbiguous(error)) return settleAppend(client, stream, events, expected, error);
    throw error;
  }
  return answered(client, stream, events, sent);
};
