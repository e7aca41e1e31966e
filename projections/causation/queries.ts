import type { DocReader } from '../engine/projection.js';
import { causationCollections as c, entryBucketKey, listOf, unpackEntry, type CausationEntry, type StoredEntry } from './causation-projection.js';
import { newestPositionsOf, positionsOf } from './position-lists.js';

/** Lookups over the causation index; each reads a value's position list, then the entries, in log order unless said otherwise. */

/** The entries at `positions`, in the order given; each bucket of entries is read once per call. */
const entriesAt = (index: DocReader, positions: Iterable<number>): CausationEntry[] => {
  const buckets = new Map<string, StoredEntry[] | undefined>();
  const out: CausationEntry[] = [];
  for (const position of positions) {
    const key = entryBucketKey(position);
    if (!buckets.has(key)) buckets.set(key, index.get<StoredEntry[]>(c.events, key));
    const stored = buckets.get(key)?.find((s) => s[0] === position);
    if (stored) out.push(unpackEntry(stored));
  }
  return out;
};

export const eventById = (index: DocReader, id: string): CausationEntry | undefined => entriesAt(index, positionsOf(index, listOf.id(id)))[0];

export const eventsOfStream = (index: DocReader, stream: string): CausationEntry[] => entriesAt(index, positionsOf(index, listOf.stream(stream)));

export const eventsOfCorrelation = (index: DocReader, correlationId: string): CausationEntry[] =>
  entriesAt(index, positionsOf(index, listOf.correlation(correlationId)));

/** The events whose causation id is `eventId`: what it set off directly. */
export const childrenOf = (index: DocReader, eventId: string): CausationEntry[] => entriesAt(index, positionsOf(index, listOf.cause(eventId)));

/** The events recorded with `runId` in their metadata: what a run did, in every stream it touched. */
export const eventsOfRun = (index: DocReader, runId: string): CausationEntry[] => entriesAt(index, positionsOf(index, listOf.run(runId)));

/** The runs started on a task, oldest first (each from its RunStarted event, in the run's stream). */
export const runsOfTask = (index: DocReader, taskId: string): string[] =>
  entriesAt(index, positionsOf(index, listOf.runsOfTask(taskId))).map((e) => e.stream.slice('run-'.length));

/**
 * The newest `limit` events about an agent (its own acts, and events naming it as agent or holder) that `accept`
 * lets through, newest first. With a filter (an as-of bound), positions are read until enough pass or the list ends.
 */
export const newestOfAgent = (index: DocReader, agent: string, limit: number, accept: (e: CausationEntry) => boolean = () => true): CausationEntry[] => {
  const accepted: CausationEntry[] = [];
  const buckets = new Map<string, StoredEntry[] | undefined>();
  for (const position of newestPositionsOf(index, listOf.agent(agent))) {
    if (accepted.length >= limit) break;
    const key = entryBucketKey(position);
    if (!buckets.has(key)) buckets.set(key, index.get<StoredEntry[]>(c.events, key));
    const stored = buckets.get(key)?.find((s) => s[0] === position);
    if (!stored) continue;
    const entry = unpackEntry(stored);
    if (accept(entry)) accepted.push(entry);
  }
  return accepted;
};
