// The production log (SPEC §2.2): EventStoreDB / KurrentDB through @kurrent/kurrentdb-client (docs/decisions.md).
//
// Assumptions, so the port's semantics hold on this server:
// - Global position = the event's commit position. Events are appended one stream at a time over gRPC (never in a
//   legacy explicit transaction), so commit === prepare for every event and positions are unique and increasing
//   (esdb-positions.ts). Positions passed in must be positions the log handed out (or 0 / 'start' / 'end').
// - Idempotency is the server's: retries of the same events with the same expected revision always dedupe; with
//   `any` the server remembers recent event ids only (a bounded cache), so old retries with `any` may write again,
//   and an `any` append whose first event is new is written whole, even if a later id exists in the stream.
// - `$all` views hide system events (`$` streams or types) and this adapter's checkpoint streams.
// - The server limits one append's size (by version: esdb-size-limits.ts): an over-size append throws a named store
//   failure, before sending when the version is known. So does a stream deleted for good (tombstoned).
// - Writes and read-after-write reads require the leader; an append whose answer was lost is settled by reading back
//   by event id (esdb-append.ts).
import { START } from '@kurrent/kurrentdb-client';
import type { EventData } from '../../../domain/log/envelope.js';
import {
  matchesFilter,
  type AppendOptions,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
  type SubscribeToStreamOptions,
  type Subscription,
} from '../../../domain/log/event-store.js';
import { appendEvents } from './esdb-append.js';
import { esdbSettings, openEsdbClient } from './esdb-client.js';
import { esdbCheckpoints } from './esdb-checkpoints.js';
import { fromEsdbEvent } from './esdb-events.js';
import { toServerFilter } from './esdb-filters.js';
import { isHiddenFromAll } from './esdb-hidden-events.js';
import { liveFeed } from './esdb-live-feed.js';
import { toEsdbPosition } from './esdb-positions.js';
import { headPosition, lastRevision, readAll, readAllPages, readStream, streamHistory } from './esdb-reads.js';
import { catchUpSubscription } from './esdb-subscription.js';

export const createEsdbEventStore = (connectionString: string): EventStore => {
  const settings = esdbSettings(connectionString);
  const client = openEsdbClient(settings.connectionString);
  const subscriptions = new Set<Subscription>();

  const track = (subscription: Subscription): Subscription => {
    subscriptions.add(subscription);
    return {
      [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
      close: async () => {
        subscriptions.delete(subscription);
        await subscription.close();
      },
    };
  };

  const subscribeToAll = ({ fromPosition = 'start', filter }: SubscribeToAllOptions = {}): Subscription =>
    track(
      catchUpSubscription({
        start: async () => (fromPosition === 'start' ? 0 : fromPosition === 'end' ? headPosition(client) : fromPosition),
        head: () => headPosition(client),
        history: (after) => readAll(client, { fromPosition: after, ...(filter ? { filter } : {}) }),
        live: (after) =>
          liveFeed(
            client.subscribeToAll({ fromPosition: after === 0 ? START : toEsdbPosition(after), filter: toServerFilter(filter) }),
            ({ event }) => {
              if (!event) return undefined;
              const summary = { stream: event.streamId, type: event.type };
              return isHiddenFromAll(summary) || !matchesFilter(filter, summary) ? undefined : fromEsdbEvent(event);
            },
          ),
        cursorOf: (event) => event.position,
        cursorIsPosition: true,
      }),
    );

  const subscribeToStream = (stream: string, { fromRevision = 'start' }: SubscribeToStreamOptions = {}): Subscription =>
    track(
      catchUpSubscription({
        start: async () => (fromRevision === 'start' ? -1 : fromRevision === 'end' ? lastRevision(client, stream) : fromRevision),
        head: () => headPosition(client),
        history: (after) => streamHistory(client, stream, after),
        live: (after) =>
          liveFeed(client.subscribeToStream(stream, { fromRevision: after < 0 ? START : BigInt(after) }), ({ event }) =>
            event ? fromEsdbEvent(event) : undefined,
          ),
        cursorOf: (event) => event.revision,
        cursorIsPosition: false,
      }),
    );

  return {
    append: (stream: string, events: readonly EventData[], options: AppendOptions = {}) =>
      appendEvents(client, stream, events, options.expectedRevision ?? 'any', settings),
    readStream: (stream: string, options?: ReadStreamOptions) => readStream(client, stream, options),
    // Each iteration is a fresh read, as with any AsyncIterable the port hands out.
    readAll: (options?: ReadAllOptions) => ({ [Symbol.asyncIterator]: () => readAll(client, options) }),
    readAllPages: (options?: ReadAllOptions) => ({ [Symbol.asyncIterator]: () => readAllPages(client, options) }),
    headPosition: () => headPosition(client),
    // Positions are byte offsets in the server's transaction log: progress is measured in bytes, and only here.
    progress: (from, at, to) => ({ done: Math.max(0, Math.min(at, to) - from), total: Math.max(0, to - from) }),
    // The server keeps no count of `$all`, and byte offsets are not one.
    eventCount: async () => undefined,
    subscribeToAll,
    subscribeToStream,
    checkpoints: esdbCheckpoints(client),
    close: async () => {
      await Promise.all([...subscriptions].map((s) => s.close()));
      subscriptions.clear();
      await client.dispose();
    },
  };
};
