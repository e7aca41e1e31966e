import type { CurrentRevision, ExpectedRevision } from './expected-revision.js';

/** The stream was not at the revision the caller expected. Carries the actual revision so callers can re-read and retry. */
export interface WrongExpectedVersion {
  readonly code: 'wrong_expected_version';
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly actual: CurrentRevision;
  readonly message: string;
}

export interface StreamNotFound {
  readonly code: 'stream_not_found';
  readonly stream: string;
  readonly message: string;
}

/**
 * Some, but not all, of the event ids in an append were already written (or written elsewhere):
 * the retry is not the same append, so it is refused rather than half-applied.
 */
export interface IdempotencyConflict {
  readonly code: 'idempotency_conflict';
  readonly stream: string;
  readonly eventId: string;
  readonly message: string;
}

export type AppendError = WrongExpectedVersion | IdempotencyConflict;
export type ReadError = StreamNotFound;

const describeRevision = (r: ExpectedRevision | CurrentRevision): string => (typeof r === 'number' ? `revision ${r}` : r);

export const wrongExpectedVersion = (
  stream: string,
  expected: ExpectedRevision,
  actual: CurrentRevision,
): WrongExpectedVersion => ({
  code: 'wrong_expected_version',
  stream,
  expected,
  actual,
  message: `stream ${stream}: expected ${describeRevision(expected)}, but it is at ${describeRevision(actual)}`,
});

export const streamNotFound = (stream: string): StreamNotFound => ({
  code: 'stream_not_found',
  stream,
  message: `stream ${stream} does not exist`,
});

export const idempotencyConflict = (stream: string, eventId: string, detail: string): IdempotencyConflict => ({
  code: 'idempotency_conflict',
  stream,
  eventId,
  message: `append to ${stream}: event ${eventId} ${detail}`,
});
