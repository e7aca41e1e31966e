// Catch-up subscriptions built here rather than trusted to the server's own catch-up: history is read with plain
// reads to the end of the log, then exactly one `caughtUp`, then the client's live subscription is opened from the
// last point delivered. Anything the live subscription repeats (at or before that point) is dropped, and if it
// fails it is reopened from the same point, so events arrive once each and in order.
import { isCommandError } from '@eventstore/db-client';
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

/** Reopening gives up after this many failures in a row (a feed that stayed up a while resets the count). */
const MAX_CONSECUTIVE_FAILURES = 5;
const HEALTHY_FEED_MS = 10_000;

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

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    let cursor = await source.start();
    const head = await source.head();
    let lastPosition = 0;
    for await (const event of source.history(cursor)) {
      if (closed) return;
      cursor = source.cursorOf(event);
      lastPosition = event.position;
      yield { kind: 'event', event };
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
        if (failures >= MAX_CONSECUTIVE_FAILURES) throw error;
        await pause(200 * failures); // then reopen from the cursor
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
