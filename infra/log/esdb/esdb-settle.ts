// Reading back by event id after an append's answer was lost. Event ids are the command's own (deterministic per
// command, infra/log/event-ids.ts), so finding them in the stream is proof the append was written, and their
// absence on the leader means it was not (yet): the read requires the leader, which is where appends commit.
import type { EventData, RecordedEvent } from '../../../domain/log/envelope.js';
import type { ExpectedRevision } from '../../../domain/log/expected-revision.js';
import { appendOutcomeUnknown } from '../store-failures.js';
import type { EsdbClient } from './esdb-client.js';
import { isNotLeader, isUnreachable } from './esdb-errors.js';
import { readStream } from './esdb-reads.js';

/** How long a read-back waits for a node that cannot be reached (a restart, an election) before giving up. */
const SETTLE_WAIT_MS = 30_000;
/** With no exact expectation, the events are looked for among the stream's last events, this many beyond the append. */
const SEARCH_WINDOW = 1_000;

export type Written =
  | { readonly kind: 'all'; readonly events: readonly RecordedEvent[] }
  | { readonly kind: 'none' }
  /** Some of the ids are there and some are not: not this append as a whole (appends are atomic). */
  | { readonly kind: 'partly'; readonly missing: string };

/** Where in the stream the events of this append are, if anywhere. */
const locate = (stored: readonly RecordedEvent[], events: readonly EventData[]): Written => {
  const start = stored.findIndex((e) => e.id === events[0]!.id);
  if (start < 0) {
    const stray = events.find((e) => stored.some((s) => s.id === e.id));
    return stray ? { kind: 'partly', missing: events[0]!.id } : { kind: 'none' };
  }
  const found = stored.slice(start, start + events.length);
  const missing = events.find((e, i) => found[i]?.id !== e.id);
  return missing ? { kind: 'partly', missing: missing.id } : { kind: 'all', events: found };
};

const readCandidates = async (client: EsdbClient, stream: string, events: readonly EventData[], expected: ExpectedRevision) => {
  const read =
    typeof expected === 'number'
      ? await readStream(client, stream, { fromRevision: expected + 1, maxCount: events.length }, true)
      : await readStream(client, stream, { direction: 'backwards', maxCount: events.length + SEARCH_WINDOW }, true);
  if (read._tag === 'Left') return []; // no stream: nothing was written
  return typeof expected === 'number' ? read.right : [...read.right].reverse();
};

export const findWritten = async (
  client: EsdbClient,
  stream: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  lost: unknown,
): Promise<Written> => {
  const giveUpAt = Date.now() + SETTLE_WAIT_MS;
  let cause = lost;
  for (let attempt = 1; Date.now() < giveUpAt; attempt++) {
    try {
      return locate(await readCandidates(client, stream, events, expected), events);
    } catch (error) {
      if (!isUnreachable(error) && !isNotLeader(error)) throw error;
      cause = error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
    }
  }
  throw appendOutcomeUnknown(stream, events[0]!.id, cause);
};
