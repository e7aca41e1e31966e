import type { RecordedEvent } from '../../../domain/log/envelope.js';
import type { Subscription, SubscriptionMessage } from '../../../domain/log/event-store.js';
import type { ChangeWatcher } from './change-watcher.js';

/**
 * A catch-up subscription over a cursor (a global position for `$all`, a revision for one stream):
 * delivers history up to the head it saw, says `caughtUp`, then delivers live events as the watcher reports
 * changes. The cursor only moves forward, so nothing is delivered twice and nothing is skipped.
 */
export interface CatchUpSource {
  /** The exclusive cursor to start after. */
  start(): number;
  /** The current head cursor. */
  head(): number;
  /** Events with cursor in (after, upTo], in order, at most one page; fewer than a page means none remain up to `upTo`. */
  page(after: number, upTo: number): RecordedEvent[];
  cursorOf(event: RecordedEvent): number;
  /** The global position to report in `caughtUp` (defaults to the head cursor). */
  caughtUpPosition?(): number;
  readonly watcher: ChangeWatcher;
}

const PAGE = 1000;

export const catchUpSubscription = (source: CatchUpSource): Subscription => {
  let closed = false;
  let abort: (() => void) | undefined;
  const signal = {
    get aborted() {
      return closed;
    },
    onAbort: (f: () => void) => {
      abort = f;
    },
  };

  async function* messages(): AsyncGenerator<SubscriptionMessage> {
    let cursor = source.start();
    // Delivers everything in (cursor, upTo]; pages of filtered reads may be short, so the last page moves the cursor to upTo.
    function* drain(upTo: number): Generator<SubscriptionMessage> {
      while (cursor < upTo && !closed) {
        const events = source.page(cursor, upTo);
        for (const event of events) {
          if (closed) return;
          cursor = source.cursorOf(event);
          yield { kind: 'event', event };
        }
        if (events.length < PAGE) cursor = upTo;
      }
    }
    yield* drain(source.head());
    if (closed) return;
    yield { kind: 'caughtUp', position: source.caughtUpPosition?.() ?? Math.max(cursor, 0) };
    while (!closed) {
      const stamp = source.watcher.stamp();
      const head = source.head();
      if (head > cursor) yield* drain(head);
      else await source.watcher.wait(stamp, signal);
    }
  }

  const iterator = messages();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      closed = true;
      abort?.();
      await iterator.return(undefined);
    },
  };
};
