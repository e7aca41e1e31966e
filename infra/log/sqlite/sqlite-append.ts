import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { EventData } from '../../../domain/log/envelope.js';
import type { AppendResult } from '../../../domain/log/event-store.js';
import { expectationMet, type CurrentRevision, type ExpectedRevision } from '../../../domain/log/expected-revision.js';
import {
  idempotencyConflict,
  wrongExpectedVersion,
  type AppendError,
} from '../../../domain/log/store-errors.js';

interface StoredId {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
}

/**
 * KurrentDB's idempotency rules, applied when an append meets ids that are already in the log:
 * every id already written, in the same stream, at consecutive revisions in the same order, and consistent with
 * the expected revision → the original result (nothing is written again); ids partly written, written in another
 * stream or in another order → an idempotency conflict; nothing written → `undefined` (not a retry).
 */
export const judgeRetry = (
  stream: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  stored: readonly StoredId[],
  current: CurrentRevision,
): Either<AppendError, AppendResult> | undefined => {
  if (stored.length === 0) return undefined;
  const byId = new Map(stored.map((s) => [s.id, s]));
  const first = byId.get(events[0]!.id);
  const allPresent = events.every((e) => byId.has(e.id));
  if (!first || !allPresent) {
    const known = events.find((e) => byId.has(e.id))!;
    return left(idempotencyConflict(stream, known.id, 'was already appended, but this append also holds new events'));
  }
  const inOrder = events.every((e, i) => {
    const s = byId.get(e.id)!;
    return s.stream === stream && s.revision === first.revision + i;
  });
  if (!inOrder) {
    const misplaced = events.find((e, i) => {
      const s = byId.get(e.id)!;
      return s.stream !== stream || s.revision !== first.revision + i;
    })!;
    const s = byId.get(misplaced.id)!;
    return left(idempotencyConflict(stream, misplaced.id, `is already in ${s.stream} at revision ${s.revision}`));
  }
  const before: CurrentRevision = first.revision === 0 ? 'no_stream' : first.revision - 1;
  const consistent = expected === 'any' || expected === 'stream_exists' || expected === before;
  if (!consistent) return left(wrongExpectedVersion(stream, expected, current));
  const positions = events.map((e) => byId.get(e.id)!.position);
  return right({ nextRevision: first.revision + events.length - 1, position: positions[positions.length - 1]!, positions });
};

export const checkExpectation = (
  stream: string,
  expected: ExpectedRevision,
  current: CurrentRevision,
): AppendError | undefined => (expectationMet(expected, current) ? undefined : wrongExpectedVersion(stream, expected, current));
