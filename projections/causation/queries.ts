import type { DocReader } from '../engine/projection.js';
import { causationCollections as c, positionKey, type CausationEntry, type IndexRef, type TaskRunRef } from './causation-projection.js';

/** Lookups over the causation index; each reads one ordered page of an index, in log order unless said otherwise. */

const entriesOf = (index: DocReader, refs: readonly IndexRef[]): CausationEntry[] =>
  refs.map((r) => index.get<CausationEntry>(c.event, positionKey(r.position))).filter((e): e is CausationEntry => e !== undefined);

// An id may itself contain `|`, the key separator, so a prefix can match a longer id: keep only exact matches.
const lookup = (index: DocReader, collection: string, value: string, field: (e: CausationEntry) => string | undefined): CausationEntry[] =>
  entriesOf(index, index.page<IndexRef>(collection, { prefix: `${value}|` })).filter((e) => field(e) === value);

export const eventById = (index: DocReader, id: string): CausationEntry | undefined => {
  const ref = index.get<IndexRef>(c.byId, id);
  return ref ? index.get<CausationEntry>(c.event, positionKey(ref.position)) : undefined;
};

export const eventsOfStream = (index: DocReader, stream: string): CausationEntry[] => lookup(index, c.byStream, stream, (e) => e.stream);

export const eventsOfCorrelation = (index: DocReader, correlationId: string): CausationEntry[] =>
  lookup(index, c.byCorrelation, correlationId, (e) => e.correlationId);

/** The events whose causation id is `eventId`: what it set off directly. */
export const childrenOf = (index: DocReader, eventId: string): CausationEntry[] => lookup(index, c.byCausation, eventId, (e) => e.causationId);

/** The events recorded with `runId` in their metadata: what a run did, in every stream it touched. */
export const eventsOfRun = (index: DocReader, runId: string): CausationEntry[] => lookup(index, c.byRun, runId, (e) => e.runId);

/** The runs started on a task, oldest first. */
export const runsOfTask = (index: DocReader, taskId: string): string[] =>
  index
    .page<TaskRunRef>(c.runsOfTask, { prefix: `${taskId}|` })
    .filter((r) => r.taskId === taskId)
    .map((r) => r.runId);

/**
 * The newest `limit` events about an agent (its own acts, and events naming it as agent or holder) that `accept`
 * lets through, newest first. With a filter (an as-of bound), pages grow until enough pass or the index ends.
 */
export const newestOfAgent = (index: DocReader, agent: string, limit: number, accept: (e: CausationEntry) => boolean = () => true): CausationEntry[] => {
  for (let size = limit; ; size *= 4) {
    const refs = index.page<IndexRef>(c.byAgent, { prefix: `${agent}|`, limit: size });
    const accepted = entriesOf(index, refs).filter(accept);
    if (accepted.length >= limit || refs.length < size) return accepted.slice(0, limit);
  }
};
