/**
 * What the caller believes about a stream before appending (KurrentDB's expected-revision modes):
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must have at least one event;
 * - a number n: the stream's last event must be at revision n (optimistic concurrency).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** The revision a stream is at: the last event's revision, or `no_stream` when it has none. */
export type CurrentRevision = number | 'no_stream';

export const expectationMet = (expected: ExpectedRevision, current: CurrentRevision): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === 'no_stream';
    case 'stream_exists':
      return current !== 'no_stream';
    default:
      return current === expected;
  }
};
