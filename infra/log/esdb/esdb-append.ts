// Appends with KurrentDB's rules. The server decides idempotency: a retry of the same events (same ids, same order)
// succeeds without writing; a retry that only partly matches ("corrupted idempotency" in the server) is answered
// with WrongExpectedVersion, so a refusal is examined to tell the two apart. Positions of every event are returned:
// the server reports only the last one (and older servers none on an idempotent retry), so they are read back
// when the append holds several events or the response carries none.
import { ANY, NO_STREAM, STREAM_EXISTS, type AppendStreamState } from '@kurrent/kurrentdb-client';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { EventData, RecordedEvent } from '../../../domain/log/envelope.js';
import type { AppendResult } from '../../../domain/log/event-store.js';
import type { CurrentRevision, ExpectedRevision } from '../../../domain/log/expected-revision.js';
import { idempotencyConflict, wrongExpectedVersion, type AppendError } from '../../../domain/log/store-errors.js';
import { actualRevisionOf, appendTooLarge, isAppendTooLarge, isWrongExpectedVersion } from './esdb-errors.js';
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
    const next = await readStream(client, stream, { fromRevision: after + 1, maxCount: 1 });
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
    const stored = await readStream(client, stream, { fromRevision: firstRevision, maxCount: events.length });
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

export const appendEvents = async (
  client: EsdbClient,
  stream: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
): Promise<Either<AppendError, AppendResult>> => {
  if (events.length === 0) throw new Error('append needs at least one event');
  let nextRevision: number;
  let position: number | undefined;
  try {
    const result = await client.appendToStream(stream, events.map(toEsdbEvent), { streamState: toEsdbExpected(expected) });
    nextRevision = Number(result.nextExpectedRevision);
    position = reportedPosition(result.position);
  } catch (error) {
    if (isWrongExpectedVersion(error)) return left(await explainRefusal(client, stream, events, expected, actualRevisionOf(error)));
    if (isAppendTooLarge(error)) throw appendTooLarge(stream, error);
    throw error;
  }
  if (events.length === 1 && position !== undefined) return right({ nextRevision, position, positions: [position] });
  return readBack(client, stream, events, nextRevision);
};
