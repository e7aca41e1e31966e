// The client's live subscription (a Node stream) as an async iterable that `close()` really ends: iterating a
// destroyed Node stream throws "premature close", and a cancelled gRPC call may never end the stream at all.
// A slow consumer pauses the subscription (gRPC flow control then holds the server back).
import type { ReadableSubscription } from '@kurrent/kurrentdb-client';

export interface LiveFeed<T> extends AsyncIterable<T> {
  close(): Promise<void>;
}

const HIGH_WATER = 256;

export const liveFeed = <Raw, T>(source: ReadableSubscription<Raw>, select: (raw: Raw) => T | undefined): LiveFeed<T> => {
  const buffered: T[] = [];
  let failure: { error: unknown } | undefined;
  let ended = false;
  let closing: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  source.on('data', (raw: Raw) => {
    try {
      const item = select(raw);
      if (item !== undefined) buffered.push(item);
    } catch (error) {
      failure = { error }; // an event that does not decode ends the feed with that error
    }
    if (buffered.length >= HIGH_WATER) source.pause();
    notify();
  });
  source.on('error', (error) => {
    failure = { error };
    notify();
  });
  source.on('end', () => {
    ended = true;
    notify();
  });

  async function* items(): AsyncGenerator<T> {
    for (;;) {
      const next = buffered.shift();
      if (next !== undefined) {
        if (buffered.length < HIGH_WATER / 2 && source.isPaused()) source.resume();
        yield next;
        continue;
      }
      if (failure) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }

  return {
    [Symbol.asyncIterator]: items,
    close: () =>
      (closing ??= (async () => {
        ended = true;
        buffered.length = 0;
        notify();
        await source.unsubscribe();
        source.destroy();
      })()),
  };
};
