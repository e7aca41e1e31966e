import type { RecordedEvent } from '../../domain/log/envelope.js';

/** Reads documents of one projection; collections are like tables, keys are document ids. */
export interface DocReader {
  get<T>(collection: string, key: string): T | undefined;
  /** Every document of a collection, ordered by key. */
  all<T>(collection: string): T[];
  /**
   * Some documents of a collection in key order: those whose key starts with `prefix`, at most `limit`.
   * Projections keep ordered index collections (e.g. keyed by priority then age) so a query reads only a page.
   */
  page<T>(collection: string, options: { readonly prefix?: string; readonly limit?: number }): T[];
  count(collection: string, prefix?: string): number;
}

export interface DocWriter extends DocReader {
  put(collection: string, key: string, doc: unknown): void;
  delete(collection: string, key: string): void;
}

/**
 * A read model folded from events (SPEC §4). `apply` is pure apart from the writer it is given: no IO, no clock.
 * It must be idempotent (applying the same event twice changes nothing), which the engine also guarantees by
 * skipping events at or before the projection's checkpoint. Bump `version` when `apply` changes: the engine then
 * rebuilds the projection from position 0.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  readonly eventTypes: readonly string[];
  apply(docs: DocWriter, event: RecordedEvent): void;
  /**
   * Optional faster path for a fold from position 0 (a rebuild): builds the final documents in the projection's
   * own structures instead of going through a DocWriter event by event. It must give exactly the documents that
   * `apply` gives over the same events (the engine tests and the rebuild benchmark compare the two).
   */
  readonly foldFromStart?: () => FoldFromStart;
  /**
   * Optional: a fold from position 0 that can be split by event type, for a projection of every event (the
   * causation index). A rebuild on two threads then has each thread fold, as a part, the events it reads for its
   * other read models anyway, and joins the parts, so the log is read once in all rather than once per thread.
   */
  readonly splitFold?: SplitFold;
}

/**
 * Parts folded over disjoint sets of events (each in log order), joined into the documents one fold over all of
 * them gives. A part is plain data (typed arrays, numbers), so it can be posted from a worker thread.
 */
export interface SplitFold<Part = unknown> {
  part(): { apply(event: RecordedEvent): void; done(): Part };
  /** The documents, as `FoldFromStart.serializedDocuments` gives them. */
  join(parts: readonly Part[]): SerializedDocs;
}

/** A fold from position 0 in memory: events in log order, then the documents once. */
export interface FoldFromStart {
  apply(event: RecordedEvent): void;
  /** Every document, collections and keys in ascending order (as `ProjectionTransaction.replace` takes them). */
  documents(): [string, [string, unknown][]][];
  /**
   * The same documents as JSON texts, for a projection that can write them faster than objects are built and
   * stringified (the causation index has millions of small arrays). `documents()` must equal them parsed.
   */
  serializedDocuments?(): SerializedDocs;
}

export interface ProjectionCheckpoint {
  readonly position: number;
  readonly version: number;
}

/**
 * A projection's documents as JSON texts, collections and keys in ascending order. A collection's texts may be made
 * as they are written (an iterable read once), so a large read model's texts are never all in memory at once.
 */
export type SerializedDocs = readonly (readonly [string, Iterable<readonly [string, string]>])[];

/** One atomic write to the projection store: checkpoints and documents change together or not at all. */
export interface ProjectionTransaction {
  checkpoint(projection: string): ProjectionCheckpoint | undefined;
  setCheckpoint(projection: string, checkpoint: ProjectionCheckpoint): void;
  docs(projection: string): DocWriter;
  clear(projection: string): void;
  /**
   * Replaces every document of a projection with `collections` (collections and keys in ascending order, as
   * `sortedDocs` gives them; each document as its JSON text): how a rebuild folded in memory is written, each
   * document once, in key order. The texts are made before the transaction, so it holds the store's write lock
   * only for the writing itself (another thread may be waiting to write its own rebuilt read models).
   */
  replace(projection: string, collections: SerializedDocs): void;
}

/** The read models a write touches (the store may then lock only what holds them). */
export interface WriteScope {
  readonly projections: readonly string[];
}

/** Where read models are kept (SQLite next to the log by default, memory for as-of queries and rebuild checks). */
export interface ProjectionStore {
  /**
   * Runs `work` as one transaction that excludes every other writer of the same read models, in this process and
   * in others. With `scope`, `work` touches only those read models, and writers of others need not wait for it.
   */
  write<T>(work: (tx: ProjectionTransaction) => T, scope?: WriteScope): T;
  reader(projection: string): DocReader;
  checkpoint(projection: string): ProjectionCheckpoint | undefined;
  /** Every document of a projection as `{collection: {key: doc}}`, for comparing a rebuild with the live model. */
  dump(projection: string): Record<string, Record<string, unknown>>;
  close(): void;
}
