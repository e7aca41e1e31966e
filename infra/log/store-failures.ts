// Failures of a log that the port has no value for: operator problems, thrown as named errors (a `code` callers and
// the CLI can tell apart) with a message that says what happened and what to do. The embedded log has none of them;
// EventStoreDB / KurrentDB does.

export type StoreFailureCode = 'stream_deleted' | 'append_too_large' | 'append_outcome_unknown';

export class StoreFailure extends Error {
  constructor(
    readonly code: StoreFailureCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreFailure';
  }
}

/** The stream was deleted for good (tombstoned) on the server: it can be neither read nor appended to again. */
export const streamDeleted = (stream: string, cause?: unknown): StoreFailure =>
  new StoreFailure('stream_deleted', `stream ${stream} was deleted from the log for good (tombstoned): it cannot be read or appended to`, { cause });

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 2)} MiB`;

/** An append (or one of its events) is over the server's limit. */
export const appendTooLarge = (
  stream: string,
  what: 'append' | 'event',
  size: number,
  limit: number,
  where: string,
  cause?: unknown,
): StoreFailure =>
  new StoreFailure(
    'append_too_large',
    `${what === 'append' ? 'append' : 'an event of the append'} to ${stream} is ${size} bytes, over the limit of ${limit} bytes (${mib(limit)}) per ${what} ${where}`,
    { cause },
  );

/**
 * The server was asked to append, the answer was lost (a timeout or a dropped connection), and reading the stream
 * back (and sending the same append again) could not tell whether the events were written. Follow-ups of the process
 * managers have ids derived from their cause, so redelivering the cause appends nothing twice; a person's command derives
 * its ids from its command id, and the CLI names that id so the command can be run again with it (command-ids.ts).
 */
export const appendOutcomeUnknown = (stream: string, eventId: string, cause: unknown): StoreFailure =>
  new StoreFailure(
    'append_outcome_unknown',
    `append to ${stream} (first event ${eventId}) may or may not have been written: the log did not answer, and reading ` +
      `it back did not settle it (${cause instanceof Error ? cause.message : String(cause)}); what is there: ` +
      `swarm events --stream ${stream}`,
    { cause },
  );
