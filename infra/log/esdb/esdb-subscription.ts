// Catch-up subscriptions built here rather than trusted to the server's own catch-up: history is read with plain
// reads to the end of the log, then exactly one `caughtUp`, then the client's live subscription is opened from the
// last point delivered. Anything the live subscription repeats (at or before that point) is dropped, and if it
// fails it is reopened from the same point, so events arrive once each and in order. A subscriber outlives an outage
// (a node restart, a leader election, a network cut): it reopens with backoff for as long as it is open.
import { isCommandError } from '@kurrent/kurrentdb-client';
import type { RecordedEvent } from '../../../domain/log/envelope.js';
import type { Subscription, SubscriptionMessage } from '../../../domain/log/event-store.js';
import type { LiveFeed } from './esdb-live-feed.js';

export interface CatchUpSource {
  /** The exclusive starting cursor: a global position for `$all` (0 = start), a revision for a stream (-1 = start). */
  start(): Promise<number>;
  /** Events after the cursor, up to the end of the log as it is when read. */
  history(after: number): AsyncIterable<RecordedEvent>;
  /** The position of the log head (reported in `caughtUp`). */
  head(): Promise<number>;
  /** Live events after the cursor (the server first catches up from it, so nothing between history and live is lost). */
  live(after: number): LiveFeed<RecordedEvent>;
  cursorOf(event: RecordedEvent): number;
  /**
   * True when the cursor is a global position: the live part may then start at the head read before history,
   * since every event up to it was delivered or filtered out, and the server need not scan that range again.
   */
  readonly cursorIsPosition: boolean;
}

/** The pause before reopening doubles with each failure in a row, up to this (a feed that stayed up resets it). */
const FIRST_PAUSE_MS = 200;
const LONGEST_PAUSE_MS = 5_000;
const HEALTHY_FEED_MS = 10_000;

/** How long to wait before reopening after `failures` failures in a row. */
export const reopenPauseMs = (failures: number): number => Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.max(0, failures - 1));

/** The live subscription stopped without being closed (the server ended it): reopened like a transport error. */
class LiveFeedEnded extends Error {}

/** Transport trouble (the client's command errors) is worth a reopen; an event that fails to decode is not. */
const isTransient = (error: unknown): boolean =>
  error instanceof LiveFeedEnded || (error instanceof Error && isCommandError(error));

export const catchUpSubscription = (source: CatchUpSource): Subscription => {
  let closed = false;
  let feed: LiveFeed<RecordedEvent> | undefined;
  let interruptPause: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      interruptPause = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  /** `work` retried with backoff while the log is unreachable (and the subscription open); `undefined` once closed. */
  const whenReachable = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    for (let failures = 1; !closed; failures++) {
      try {
        return await work();
      } catch (error) {
        if (closed) return undefined;
        if (!isTransient(error)) throw error;
        await pause(reopenPauseMs(failures));
      }
    }
    return undefined;
  };

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    const start = await whenReachable(() => source.start());
    const head = await whenReachable(() => source.head());
    if (start === undefined || head === undefined) return;
    let cursor = start;
    let lastPosition = 0;
    // History read again from the cursor if the log goes away meanwhile.
    for (let failures = 1; ; failures++) {
      try {
        for await (const event of source.history(cursor)) {
          if (closed) return;
          cursor = source.cursorOf(event);
          lastPosition = event.position;
          failures = 1;
          yield { kind: 'event', event };
        }
        break;
      } catch (error) {
        if (closed) return;
        if (!isTransient(error)) throw error;
        await pause(reopenPauseMs(failures));
      }
    }
    if (closed) return;
    const caughtUpAt = Math.max(head, lastPosition);
    if (source.cursorIsPosition) cursor = Math.max(cursor, caughtUpAt);
    yield { kind: 'caughtUp', position: caughtUpAt };

    let failures = 0;
    while (!closed) {
      const openedAt = Date.now();
      feed = source.live(cursor);
      try {
        for await (const event of feed) {
          if (closed) return;
          if (source.cursorOf(event) <= cursor) continue; // the server's own catch-up may repeat the cursor
          cursor = source.cursorOf(event);
          yield { kind: 'event', event };
        }
        if (closed) return;
        throw new LiveFeedEnded('the server ended the live subscription');
      } catch (error) {
        if (closed) return;
        if (!isTransient(error)) throw error;
        failures = Date.now() - openedAt > HEALTHY_FEED_MS ? 1 : failures + 1;
        await pause(reopenPauseMs(failures)); // then reopen from the cursor, however long the log is away
      } finally {
        await feed.close();
      }
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      closed = true;
      interruptPause?.();
      await feed?.close();
      await iterator.return(undefined);
    },
  };
};
