// The client's command errors that the port turns into values (Lefts) or into named store failures, and the ones
// after which an append may or may not have been written.
import {
  ErrorType,
  isCommandError,
  type CommandError,
  type MaxAppendSizeExceededError,
  type NotLeaderError,
  type StreamDeletedError,
  type StreamNotFoundError,
  type WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { CurrentRevision } from '../../../domain/log/expected-revision.js';

const isType = <E extends CommandError>(error: unknown, type: ErrorType): error is E =>
  error instanceof Error && isCommandError(error) && error.type === type;

export const isStreamNotFound = (error: unknown): error is StreamNotFoundError => isType(error, ErrorType.STREAM_NOT_FOUND);

export const isStreamDeleted = (error: unknown): error is StreamDeletedError =>
  isType(error, ErrorType.STREAM_DELETED) || isType(error, ErrorType.STREAM_TOMBSTONED);

export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError => isType(error, ErrorType.WRONG_EXPECTED_VERSION);

export const isAppendTooLarge = (error: unknown): error is MaxAppendSizeExceededError => isType(error, ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED);

/** A follower refused a call that requires the leader: nothing was done, and the client now connects to the leader. */
export const isNotLeader = (error: unknown): error is NotLeaderError => isType(error, ErrorType.NOT_LEADER);

/**
 * The call may have reached the server and the answer was lost: a deadline passed (the client's or the server's
 * commit timeout), the connection dropped or the node went away, or an error the client could not name.
 */
export const isAmbiguous = (error: unknown): boolean =>
  [ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.UNAVAILABLE, ErrorType.CANCELLED, ErrorType.UNKNOWN].some((type) => isType(error, type));

/** The node cannot be reached now (worth waiting for). */
export const isUnreachable = (error: unknown): boolean =>
  [ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.CANCELLED].some((type) => isType(error, type));

export const actualRevisionOf = (error: WrongExpectedVersionError): CurrentRevision =>
  error.actualState === 'no_stream' ? 'no_stream' : Number(error.actualState);
