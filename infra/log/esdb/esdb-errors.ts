// The client's command errors that the port turns into values (Lefts) or into clearer exceptions.
import {
  ErrorType,
  isCommandError,
  type MaxAppendSizeExceededError,
  type StreamNotFoundError,
  type WrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import type { CurrentRevision } from '../../../domain/log/expected-revision.js';

export const isStreamNotFound = (error: unknown): error is StreamNotFoundError =>
  error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND;

export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError =>
  error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION;

export const isAppendTooLarge = (error: unknown): error is MaxAppendSizeExceededError =>
  error instanceof Error && isCommandError(error) && error.type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED;

export const actualRevisionOf = (error: WrongExpectedVersionError): CurrentRevision =>
  error.actualState === 'no_stream' ? 'no_stream' : Number(error.actualState);

/** The port has no "too large" outcome (the SQLite store has no limit): an over-size append is an operator problem. */
export const appendTooLarge = (stream: string, error: MaxAppendSizeExceededError): Error =>
  new Error(
    `append to ${stream} exceeds the server's maximum append size of ${error.maxAppendSize} bytes ` +
      '(raise it with the server option MaxAppendSize, at most 16 MiB)',
    { cause: error },
  );
