import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import type { DocReader } from '../engine/projection.js';
import { runStream } from '../../domain/run/index.js';
import { entryOf, indexedUpTo, lists, type CausationEntry } from './causation-projection.js';
import { newestPositionsOf, positionsOf } from './position-lists.js';

/**
 * Lookups over the causation index: a value's candidate positions from the index, then the events at those
 * positions from the log, keeping those that hold the value (the index stores hashes). In log order unless said.
 */
export interface CausationIndex {
  readonly docs: DocReader;
  readonly log: EventStore;
}

type List = (typeof lists)[keyof typeof lists];

/** The event at `position` in the log (a read from that position, inclusive: positions are opaque, never `p - 1`). */
export const eventAt = async (log: EventStore, position: number): Promise<RecordedEvent | undefined> => {
  for await (const e of log.readAll({ fromPosition: position, inclusive: true, maxCount: 1 })) return e.position === position ? e : undefined;
  return undefined;
};

/** The events that hold `value` for `list`, from the candidates of `list` (and of `alsoIn`, lists it may be filed in instead). */
const entriesOf = async (index: CausationIndex, list: List, value: string, alsoIn: readonly List[] = []): Promise<CausationEntry[]> => {
  const candidates = [list, ...alsoIn].flatMap((l) => positionsOf(index.docs, l.key(value)));
  const out: CausationEntry[] = [];
  for (const position of alsoIn.length > 0 ? [...new Set(candidates)].sort((a, b) => a - b) : candidates) {
    const e = await eventAt(index.log, position);
    if (e && list.holds(e, value)) out.push(entryOf(e));
  }
  return out;
};

export const eventById = async (index: CausationIndex, id: string): Promise<CausationEntry | undefined> => (await entriesOf(index, lists.id, id))[0];

/** A stream's events, read from the log's own stream index, up to what the causation index has folded. */
export const eventsOfStream = async (index: CausationIndex, stream: string): Promise<CausationEntry[]> => {
  const read = await index.log.readStream(stream);
  if (read._tag === 'Left') return []; // the only read error is a stream that does not exist
  const upTo = indexedUpTo(index.docs);
  return read.right.filter((e) => e.position <= upTo).map(entryOf);
};

export const eventsOfCorrelation = (index: CausationIndex, correlationId: string): Promise<CausationEntry[]> => entriesOf(index, lists.correlation, correlationId);

/** The events whose causation id is `eventId`: what it set off directly. */
export const childrenOf = (index: CausationIndex, eventId: string): Promise<CausationEntry[]> =>
  // An event caused by its own chain's id is filed under the correlation only (see the projection).
  entriesOf(index, lists.cause, eventId, [lists.correlation]);

/** What a run did: its own stream, and the events recorded with `runId` in their metadata in every other stream. */
export const eventsOfRun = async (index: CausationIndex, runId: string): Promise<CausationEntry[]> => {
  const own = await eventsOfStream(index, runStream(runId));
  const elsewhere = await entriesOf(index, lists.run, runId);
  return [...own, ...elsewhere].sort((a, b) => a.position - b.position);
};

/** The runs started on a task, oldest first (each from its RunStarted event, in the run's stream). */
export const runsOfTask = async (index: CausationIndex, taskId: string): Promise<string[]> =>
  (await entriesOf(index, lists.runsOfTask, taskId)).map((e) => e.stream.slice('run-'.length));

/**
 * The newest `limit` events about an agent (its own acts, and events naming it as agent or holder) that `accept`
 * lets through, newest first. With a filter (an as-of bound), positions are read until enough pass or the list ends.
 */
export const newestOfAgent = async (
  index: CausationIndex,
  agent: string,
  limit: number,
  accept: (e: CausationEntry) => boolean = () => true,
): Promise<CausationEntry[]> => {
  const accepted: CausationEntry[] = [];
  for (const position of newestPositionsOf(index.docs, lists.agent.key(agent))) {
    if (accepted.length >= limit) break;
    const e = await eventAt(index.log, position);
    if (!e || !lists.agent.holds(e, agent)) continue;
    const entry = entryOf(e);
    if (accept(entry)) accepted.push(entry);
  }
  return accepted;
};
