import { getHeapStatistics } from 'node:v8';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore, ReadAllOptions } from '../../domain/log/event-store.js';
import { collectGarbage } from './collect-garbage.js';
import { createMemoryDocs, memoryWriter, sortedDocs } from './memory-docs.js';
import type { FoldFromStart, Projection, ProjectionCheckpoint, ProjectionStore, SerializedDocs } from './projection.js';

export interface CatchUpOptions {
  /** Fold only up to this position (inclusive); default: the log's head when the catch-up starts. */
  readonly upTo?: number;
  /** Stop before the first event recorded after this ISO time (for `--as-of TIME`). */
  readonly untilTime?: string;
  /**
   * Events per transaction. Given, every fold goes in batches of this size; without it, projections folded from
   * position 0 are first folded in memory (see `foldFromStart`).
   */
  readonly batchSize?: number;
  /** How far along the catch-up is, in the log's own measure (see `EventStore.progress`), not in positions. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The most events a fold from position 0 takes in memory (default `IN_MEMORY_MAX_EVENTS`); the rest is batched. */
  readonly inMemoryMaxEvents?: number;
  /**
   * The process's resident memory (bytes) past which a fold from position 0 stops taking events in memory (default
   * `IN_MEMORY_MAX_RSS`): it writes what it folded and the rest is folded in batches, so a long log is folded in
   * bounded memory. Checked once per page read. Ignored by a fold with riders (they need the whole pass).
   */
  readonly inMemoryMaxRss?: number;
  /** Past this many events in the log, read models folded from 0 go one per pass (default `ONE_PER_PASS_MIN_EVENTS`). */
  readonly onePerPassMinEvents?: number;
  /** How much memory the process uses now (default: its resident memory and V8's heap in use); read between pages. */
  readonly memoryUsage?: () => MemoryInUse;
  /**
   * Folds that ride along a fold from position 0 (the parts of split folds, see `catchUpInParallel`): each is given
   * the events of its types in the same single pass over the log. Ignored by a catch-up in batches.
   */
  readonly alongside?: readonly Rider[];
}

/** Bytes of memory in use: the process's resident set, and the part of it that is the JavaScript heap in use. */
export interface MemoryInUse {
  readonly rss: number;
  readonly heapUsed: number;
}

const processMemory = (): MemoryInUse => ({ rss: process.memoryUsage.rss(), heapUsed: getHeapStatistics().used_heap_size });

/** A fold given events of its types during another fold's pass over the log. */
export interface Rider {
  readonly eventTypes: readonly string[];
  apply(event: RecordedEvent): void;
  /** Called once the pass is over, before the read models folded in it are written. */
  finished?(): void;
}

/**
 * A fold from 0 goes through memory for at most this many events; the rest is folded in batches. Events, not
 * positions: on EventStoreDB positions are byte offsets, and a bound computed from them would be no record's start.
 */
export const IN_MEMORY_MAX_EVENTS = 5_000_000;

/**
 * Resident memory past which a fold from 0 stops folding in memory (see `CatchUpOptions.inMemoryMaxRss`). Measured
 * (first starts, one thread, 2,554,388 events of swarm history): the fold stayed under 1 GiB while reading and
 * peaked at 1,916–1,973 MiB while writing (a read model's JSON texts on top of the documents not yet written), so
 * writing can take about as much again as the fold: stopping at 768 MiB keeps the whole under the 2 GiB bound.
 */
export const IN_MEMORY_MAX_RSS = 768 * 1024 ** 2;

/**
 * The share of the memory bound the heap in use must pass too (resident memory is the heap plus code and caches):
 * in a pass over every read model, and in one of the passes over a long log one read model at a time, which stops
 * sooner because writing a large read model takes about as much again as its documents (its JSON texts: over
 * 5,000,000 events the task board written after a fold in 576 MiB of heap took the process to 1,998 MiB).
 */
const heapShareOfBound = { allInOnePass: 0.75, onePerPass: 0.5 };

export interface CatchUpResult {
  readonly applied: number;
  readonly position: number;
}

/**
 * Brings projections up to date with the log: everything appended before the call is folded when it returns, so
 * a query that catches up first is never stale to the one asking (SPEC §4). Safe to run from many processes at
 * once: each batch is applied in one transaction that re-reads the checkpoints and skips what another process
 * already applied. A projection whose stored version differs from its code is rebuilt from position 0.
 */
export const catchUp = async (
  log: EventStore,
  store: ProjectionStore,
  projections: readonly Projection[],
  options: CatchUpOptions = {},
): Promise<CatchUpResult> => {
  // Checkpoints are read before the head: a checkpoint never runs ahead of the log, so one seen beyond a head read
  // later means the log was replaced (not that another process folded further in the meantime).
  const seen = projections.map((p) => store.checkpoint(p.name));
  const logHead = await log.headPosition();
  const head = options.upTo ?? logHead;
  // Writes touch these read models only (a store may then lock only what holds them).
  const scope = { projections: projections.map((p) => p.name) };
  const mustReset = (p: Projection, c: ProjectionCheckpoint | undefined) => c !== undefined && (c.version !== p.version || c.position > logHead);
  // Only take the write lock when a projection must be reset: most calls (every CLI query) have nothing to reset.
  const reset = projections.some((p, i) => mustReset(p, seen[i]));
  if (reset) {
    store.write((tx) => {
      projections.forEach((p, i) => {
        const c = tx.checkpoint(p.name);
        // A changed projection, or a replaced log: fold again from 0. If the checkpoint moved since it was read,
        // another process is folding this log, so it was not replaced.
        const unchanged = c?.position === seen[i]?.position && c?.version === seen[i]?.version;
        if (c && (c.version !== p.version || (unchanged && c.position > logHead))) {
          tx.clear(p.name);
          tx.setCheckpoint(p.name, { position: 0, version: p.version });
        }
      });
    }, scope);
  }
  let applied = 0;
  // The checkpoints read above, unless a reset just wrote some: a catch-up with nothing to do (each process manager
  // makes one before each event it handles) reads each checkpoint once, not three times. Seen a moment ago they may
  // lag another process's fold, which each write re-checks in its own transaction.
  const positionOf = (p: Projection, i: number) => (reset ? store.checkpoint(p.name) : seen[i])?.position ?? 0;
  const fresh = projections.filter((p, i) => positionOf(p, i) === 0);
  const riders = options.alongside ?? [];
  const passed = options.batchSize === undefined && (fresh.length > 0 || riders.length > 0) && head > 0;
  if (passed) {
    let slices = await slicesOf(log, fresh, riders, options.onePerPassMinEvents ?? ONE_PER_PASS_MIN_EVENTS);
    let reachedTime = false;
    let position = head;
    // The share of the progress bar a pass given up on has covered: the passes after it fill the rest.
    let givenUp = 0;
    for (let i = 0; i < slices.length; i++) {
      const slice = slices[i]!;
      // The documents of the pass before are garbage now: collected, so this pass's memory bound measures its own.
      if (i > 0 || givenUp > 0) collectGarbage();
      // One progress figure over every pass: pass i of n covers the i-th n-th of the bar (of what is left of it).
      const share = (done: number, total: number) => givenUp + (1 - givenUp) * ((i + done / Math.max(total, 1)) / slices.length);
      const onProgress = options.onProgress && ((done: number, total: number) => options.onProgress!(Math.floor(share(done, total) * total), total));
      // A pass over several read models that reaches the memory bound is given up rather than finished in batches
      // (some 40 times slower per event): they are folded again one per pass. This is how a log that cannot count
      // its events (EventStoreDB) gets there; one that can goes one per pass from the start past
      // `onePerPassMinEvents`.
      const mayGiveUp = slices.length === 1 && slice.length > 1 && riders.length === 0;
      const pass = await foldFromStart(log, store, slice, i === 0 ? riders : [], { ...options, upTo: head, ...(onProgress ? { onProgress } : {}) }, slices.length > 1 ? heapShareOfBound.onePerPass : heapShareOfBound.allInOnePass, mayGiveUp);
      if (pass.givenUp) {
        givenUp = share(pass.done, pass.total);
        slices = slice.map((p) => [p]);
        i = -1;
        continue;
      }
      // Each pass reads the events of its read models; the one reading most tells how many events were folded.
      applied = Math.max(applied, pass.applied);
      reachedTime ||= pass.reachedTime;
      position = Math.min(position, pass.position);
    }
    if (reachedTime && fresh.length === projections.length) return { applied, position };
    report(log, options, 0, position, head);
  } else for (const rider of riders) rider.finished?.(); // no pass from 0: nothing for them, but they are not left waiting
  const from = Math.min(...projections.map((p, i) => (passed ? store.checkpoint(p.name)?.position ?? 0 : positionOf(p, i))));
  if (from >= head) return { applied, position: head };
  const types = [...new Set(projections.flatMap((p) => p.eventTypes))];
  const handles = new Map(projections.map((p) => [p.name, new Set(p.eventTypes)]));
  const batchSize = options.batchSize ?? 5000;
  let batch: RecordedEvent[] = [];
  let reachedTime = false;

  const commit = (upTo: number) => {
    const events = batch;
    batch = [];
    store.write((tx) => {
      for (const p of projections) {
        const checkpoint = tx.checkpoint(p.name);
        const after = checkpoint?.position ?? 0;
        if (after >= upTo) continue;
        const docs = tx.docs(p.name);
        const wanted = handles.get(p.name)!;
        for (const e of events) if (e.position > after && wanted.has(e.type)) p.apply(docs, e);
        tx.setCheckpoint(p.name, { position: upTo, version: p.version });
      }
    }, scope);
    applied += events.length;
    report(log, options, from, upTo, head);
  };

  let last = from;
  for await (const event of log.readAll({ fromPosition: from, filter: { eventTypes: types } })) {
    if (event.position > head) break;
    if (options.untilTime && event.metadata.at > options.untilTime) {
      reachedTime = true;
      break;
    }
    batch.push(event);
    last = event.position;
    if (batch.length >= batchSize) commit(last);
  }
  // Without a time bound every event up to the head has been seen (the filter skipped the rest), so the
  // checkpoint may move to the head; with one, only up to the last event folded.
  commit(reachedTime ? last : head);
  return { applied, position: reachedTime ? last : head };
};

/**
 * Past this many events in the log, read models folded from position 0 are folded one per pass over the log (each
 * pass reads only its own event types), so memory holds one read model's documents at a time rather than all of
 * them: over 5,000,000 events all at once outgrew the memory bound after about 2,270,000 events and the rest went in
 * batches, some 40 times slower per event. Below it one pass for all reads the log once.
 */
export const ONE_PER_PASS_MIN_EVENTS = 1_500_000;

/** A fold from 0 reports its progress and measures its memory once per this many events (a SQLite page's worth). */
const LOOK_EVERY_EVENTS = 1000;

/** The read models to fold from 0, grouped by pass: all in one, or one per pass over a long log (no riders then). */
const slicesOf = async (log: EventStore, fresh: readonly Projection[], riders: readonly Rider[], onePerPassMinEvents: number): Promise<(readonly Projection[])[]> => {
  if (riders.length > 0 || fresh.length < 2) return [fresh];
  const events = await log.eventCount();
  return events !== undefined && events > onePerPassMinEvents ? fresh.map((p) => [p]) : [fresh];
};

const report = (log: EventStore, options: CatchUpOptions, from: number, at: number, to: number) => {
  if (!options.onProgress) return;
  const { done, total } = log.progress(from, at, to);
  options.onProgress(done, total);
};

/** The log read in pages when the adapter can (see `EventStore.readAllPages`), else one event per page. */
async function* pagesOf(log: EventStore, options: ReadAllOptions): AsyncIterable<readonly RecordedEvent[]> {
  if (log.readAllPages) yield* log.readAllPages(options);
  else for await (const event of log.readAll(options)) yield [event];
}

const serialized = (collections: ReturnType<FoldFromStart['documents']>): SerializedDocs =>
  collections.map(([collection, docs]) => [collection, docs.map(([key, doc]) => [key, JSON.stringify(doc)] as const)] as const);

/**
 * Folds projections that start from position 0 (new, or reset) in memory, in one pass over the log, then writes
 * each document once, in key order, with the checkpoint: a rebuild costs one write per final document instead of
 * one per batch it changed in. Another process may have folded a projection meanwhile: one whose checkpoint moved
 * is left as that process wrote it. Past `inMemoryMaxEvents` events (or the memory bound) the pass stops at the last
 * event folded (a position the log handed out) and the caller folds the rest in batches — or, when it may give up
 * (`mayGiveUp`, a pass over several read models), it writes nothing and says how far it got, for the caller to fold
 * them again one per pass; riders never stop early (they need the
 * whole pass: a caller with riders knows the log holds few enough events, see `catchUpInParallel`).
 */
const foldFromStart = async (
  log: EventStore,
  store: ProjectionStore,
  projections: readonly Projection[],
  riders: readonly Rider[],
  options: CatchUpOptions & { readonly upTo: number },
  heapShare: number,
  mayGiveUp = false,
): Promise<{ applied: number; position: number; reachedTime: boolean; givenUp?: false } | { givenUp: true; done: number; total: number }> => {
  // A projection with its own fold from 0 uses it; the others fold into in-memory documents through a writer.
  const folds = projections.map((projection): FoldFromStart => {
    const own = projection.foldFromStart?.();
    if (own) return own;
    const docs = createMemoryDocs();
    const writer = memoryWriter(docs);
    return { apply: (e) => projection.apply(writer, e), documents: () => sortedDocs(docs) };
  });
  // Each event is read and decoded once, then handed to every projection that folds its type.
  const foldersOf = new Map<string, Pick<Rider, 'apply'>[]>();
  const ride = (eventTypes: readonly string[], fold: Pick<Rider, 'apply'>) => {
    for (const type of eventTypes) {
      let folders = foldersOf.get(type);
      if (!folders) foldersOf.set(type, (folders = []));
      folders.push(fold);
    }
  };
  projections.forEach((projection, i) => ride(projection.eventTypes, folds[i]!));
  for (const rider of riders) ride(rider.eventTypes, rider);
  let applied = 0;
  let lookedAt = 0;
  let last = 0;
  let reachedTime = false;
  let full = false;
  const maxEvents = riders.length > 0 ? Number.POSITIVE_INFINITY : (options.inMemoryMaxEvents ?? IN_MEMORY_MAX_EVENTS);
  const maxRss = riders.length > 0 ? Number.POSITIVE_INFINITY : (options.inMemoryMaxRss ?? IN_MEMORY_MAX_RSS);
  reading: for await (const page of pagesOf(log, { fromPosition: 0, filter: { eventTypes: [...foldersOf.keys()] } })) {
    for (const event of page) {
      if (event.position > options.upTo) break reading;
      if (options.untilTime && event.metadata.at > options.untilTime) {
        reachedTime = true;
        break reading;
      }
      if (applied >= maxEvents) {
        full = true;
        break reading;
      }
      for (const fold of foldersOf.get(event.type) ?? []) fold.apply(event);
      applied++;
      last = event.position;
    }
    // Progress and memory are looked at between pages, at most once per `LOOK_EVERY_EVENTS` events: a log that reads
    // one event per page (EventStoreDB) would otherwise read the resident size for every event (1.9 of 7 CPU-seconds
    // of a 100,014-event first start over the emulator went to it).
    if (applied - lookedAt < LOOK_EVERY_EVENTS) continue;
    lookedAt = applied;
    report(log, options, 0, last, options.upTo);
    // Past the bound, the pass stops after this page's last event.
    // Resident memory past the bound counts only with the heap in use near it too: after an earlier pass let its
    // documents go (collected before this pass, see slicesOf) the process stays as large, but that memory is free
    // for this pass to use. A pass with no bound (riders) does not measure: reading the resident size and the heap's
    // statistics took over a millisecond a page here (about 40 ms of each thread's share of a 100,004-event start).
    if (applied > 0 && maxRss !== Number.POSITIVE_INFINITY) {
      const memory = (options.memoryUsage ?? processMemory)();
      if (memory.rss > maxRss && memory.heapUsed > maxRss * heapShare) {
        full = true;
        break;
      }
    }
  }
  // Given up: nothing is written, and what was folded is let go with this frame.
  if (full && mayGiveUp) return { givenUp: true, ...log.progress(0, last, options.upTo) };
  const position = reachedTime || full ? last : options.upTo;
  for (const rider of riders) rider.finished?.();
  // One transaction per projection (its documents and checkpoint change together), its texts made before it: the
  // store's write lock is held only while writing, so another thread's rebuild serializes while this one writes.
  // Each fold is let go once written, so memory holds the documents of the folds not yet written plus the texts of
  // one (not every fold's documents and texts at once).
  foldersOf.clear();
  const unwritten: (FoldFromStart | undefined)[] = folds;
  projections.forEach((p, i) => {
    const fold = unwritten[i]!;
    unwritten[i] = undefined;
    const texts = fold.serializedDocuments?.() ?? serialized(fold.documents());
    store.write((tx) => {
      const c = tx.checkpoint(p.name);
      if (c !== undefined && (c.position !== 0 || c.version !== p.version)) return;
      tx.replace(p.name, texts);
      tx.setCheckpoint(p.name, { position, version: p.version });
    }, { projections: [p.name] });
  });
  return { applied, position, reachedTime };
};
