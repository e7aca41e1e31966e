// Failures of a log that the port has no value for: operator problems, thrown as named errors (a `code` callers and
// the CLI can tell apart) with a message that says what happened and what to do. The embedded log has none of them;
// EventStoreDB / KurrentDB does.

export type StoreFailureCode = 'stream_deleted' | 'append_too_large' | 'append_outcome_unknown' | 'log_unreachable' | 'invalid_position';

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

/** The kinds of the EventStoreDB client's errors that say its node cannot be reached now. */
const unreachableKinds = new Set(['unavailable', 'deadline-exceeded', 'cancelled']);

/**
 * A failure of the log's server that reached a command unnamed, as a person reads it: the server cannot be reached
 * (the command changed nothing it could not tell: appends that may have been written are `append_outcome_unknown`), or
 * a position that is no event's (EventStoreDB's positions are byte offsets of events). Told by the error's shape, so
 * a command does not load the EventStoreDB client to recognise it; undefined for anything else.
 */
export const storeFailureOfError = (error: unknown): StoreFailure | undefined => {
  if (!(error instanceof Error)) return undefined;
  const kind = (error as { type?: unknown }).type;
  if (typeof kind === 'string' && unreachableKinds.has(kind))
    return new StoreFailure('log_unreachable', `the log cannot be reached (${error.message.split('\n')[0]}): check that its server is up and that SWARM_STORE names it, then run the command again`, { cause: error });
  const position = /Invalid position ([^\s"]+)/.exec(error.message);
  if (position)
    return new StoreFailure('invalid_position', `no event of the log is at that position (the server says: invalid position ${position[1]}): a position is one that swarm events or swarm replay shows`, { cause: error });
  return undefined;
};
