import type { Either } from 'fp-ts/lib/Either.js';
import type { EventData, RecordedEvent } from './envelope.js';
import type { ExpectedRevision } from './expected-revision.js';
import type { AppendError, ReadError } from './store-errors.js';

/**
 * The log port (SPEC §2.1). Every adapter (embedded SQLite, EventStoreDB) implements it with the same semantics,
 * proven by one conformance suite (test/conformance/event-store.conformance.ts).
 */
export interface EventStore {
  /** Appends atomically to one stream. Idempotent by event id: the same append retried returns the original result. */
  append(stream: string, events: readonly EventData[], options?: AppendOptions): Promise<Either<AppendError, AppendResult>>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<Either<ReadError, RecordedEvent[]>>;
  /** Reads `$all` in commit order (or reverse). Positions are exclusive bounds: events strictly after (or before) them. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The same events as `readAll`, a page at a time, for an adapter that reads in pages anyway: a rebuild folds a
   * million events, and handing them over one by one through an async iterator costs a visible share of it.
   */
  readAllPages?(options?: ReadAllOptions): AsyncIterable<readonly RecordedEvent[]>;
  /** The position of the last event in `$all` (0 when the log is empty). */
  headPosition(): Promise<number>;
  /**
   * How far a pass over `$all` from `from` towards `to` has got once it reached `at`, in the adapter's own measure
   * (events on SQLite, bytes of the transaction log on EventStoreDB), for progress figures. Positions are opaque
   * above the adapter (SPEC §2.1): they are compared and handed back to the log, never subtracted or counted, so
   * "how far along" is asked here. `from` may be 0 (the start); `at` is clamped between `from` and `to`.
   */
  progress(from: number, at: number, to: number): Progress;
  /**
   * The number of events in `$all` (as the port shows it), when the adapter knows it without reading them; else
   * `undefined` (EventStoreDB: positions are byte offsets, and the server keeps no count of `$all`).
   */
  eventCount(): Promise<number | undefined>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  subscribeToStream(stream: string, options?: SubscribeToStreamOptions): Subscription;
  readonly checkpoints: CheckpointStore;
  close(): Promise<void>;
}

/** How far along some work over the log is: `done` out of `total`, in a unit of the adapter's choosing. */
export interface Progress {
  readonly done: number;
  readonly total: number;
}

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event appended (the stream's new revision). */
  readonly nextRevision: number;
  /** Global position of the last event appended. */
  readonly position: number;
  /** Global position of each appended event, in order. */
  readonly positions: readonly number[];
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive starting revision; `start` / `end` by default depending on direction. */
  readonly fromRevision?: number | 'start' | 'end';
  readonly maxCount?: number;
}

/** One kind of filter at a time, as EventStoreDB's server-side filters. */
export type EventFilter =
  | { readonly eventTypes: readonly string[] }
  | { readonly eventTypePrefixes: readonly string[] }
  | { readonly streamPrefixes: readonly string[] };

export interface ReadAllOptions {
  readonly direction?: Direction;
  /**
   * Exclusive: forwards reads events after it, backwards reads events before it. A number must be 0 or a position
   * the log handed out (on EventStoreDB any other number is no record's start, and the server refuses it).
   */
  readonly fromPosition?: number | 'start' | 'end';
  /**
   * The event at `fromPosition` (a number) is read too, first: how to read "the event at p" or "from p on" without
   * computing a position before it (positions are opaque above the adapter, never `p - 1`).
   */
  readonly inclusive?: boolean;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Exclusive: deliver events after this position. Default `start`. */
  readonly fromPosition?: number | 'start' | 'end';
  readonly filter?: EventFilter;
}

export interface SubscribeToStreamOptions {
  /** Exclusive: deliver events after this revision. Default `start`. */
  readonly fromRevision?: number | 'start' | 'end';
}

export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  /** History has been delivered; what follows is live. `position` is the log head when caught up. */
  | { readonly kind: 'caughtUp'; readonly position: number };

/** A catch-up subscription: history, then one `caughtUp`, then live events, in order. */
export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  close(): Promise<void>;
}

/** Keeps each subscriber's last processed position so it resumes where it stopped. */
export interface CheckpointStore {
  load(subscriber: string): Promise<number | undefined>;
  save(subscriber: string, position: number): Promise<void>;
}

export const matchesFilter = (filter: EventFilter | undefined, event: { type: string; stream: string }): boolean => {
  if (!filter) return true;
  if ('eventTypes' in filter) return filter.eventTypes.includes(event.type);
  if ('eventTypePrefixes' in filter) return filter.eventTypePrefixes.some((p) => event.type.startsWith(p));
  return filter.streamPrefixes.some((p) => event.stream.startsWith(p));
};
