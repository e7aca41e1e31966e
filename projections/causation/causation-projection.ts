import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { DocWriter, Projection } from '../engine/projection.js';
import { everyEventType } from './event-types.js';
import { addPosition, createPositionListsBuilder } from './position-lists.js';
import { summarize } from './summaries.js';

/** One event as replay shows it: small, so a long timeline reads fast; the full data stays in the log. */
export interface CausationEntry {
  readonly position: number;
  readonly stream: string;
  readonly type: string;
  readonly id: string;
  readonly at: string;
  /** `kind:id`, e.g. `agent:critic`, `human:ana`. */
  readonly actor: string;
  readonly summary: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly runId?: string;
}

/** Log positions per bucket of the `events` collection. */
export const entriesPerBucket = 64;

export const causationCollections = { events: 'events' } as const;

/** The bucket of `events` holding a position: zero-padded, so buckets sort in log order. */
export const entryBucketKey = (position: number): string => String(Math.floor(position / entriesPerBucket)).padStart(12, '0');

/**
 * An entry as stored: a tuple (no field names), with the causation id left out (0) when it is the correlation id,
 * as it is for the first event of every command. Buckets of tuples keep the index to a few documents per 64 events.
 */
export type StoredEntry = [number, string, string, string, string, string, string, string, string | 0, string?];

export const packEntry = (e: CausationEntry): StoredEntry => {
  const stored: StoredEntry = [e.position, e.stream, e.type, e.id, e.at, e.actor, e.summary, e.correlationId, e.causationId === e.correlationId ? 0 : e.causationId];
  if (e.runId !== undefined) stored.push(e.runId);
  return stored;
};

export const unpackEntry = (s: StoredEntry): CausationEntry => ({
  position: s[0],
  stream: s[1],
  type: s[2],
  id: s[3],
  at: s[4],
  actor: s[5],
  summary: s[6],
  correlationId: s[7],
  causationId: s[8] === 0 ? s[7] : s[8],
  ...(s[9] !== undefined ? { runId: s[9] } : {}),
});

/** The lists an event is filed under in `position-lists`: one letter for the list, then the value. */
export const listOf = {
  id: (id: string) => `i${id}`,
  stream: (stream: string) => `s${stream}`,
  correlation: (correlationId: string) => `c${correlationId}`,
  cause: (causationId: string) => `k${causationId}`,
  run: (runId: string) => `r${runId}`,
  agent: (agent: string) => `a${agent}`,
  runsOfTask: (taskId: string) => `t${taskId}`,
};

/**
 * The agents an event is about: its actor when an agent, the agent or lock holder its data names, and the agent of
 * its own `agent-<name>` stream. Heartbeats are left out: one every half minute would push an agent's decisions
 * out of its newest page (they stay findable by stream).
 */
const agentsNamed = (e: RecordedEvent): string[] => {
  if (e.type === 'AgentHeartbeat') return [];
  const data = (e.data ?? {}) as Record<string, unknown>;
  const named = [data.agent, data.holder].filter((v): v is string => typeof v === 'string');
  const own = e.stream.startsWith('agent-') ? [e.stream.slice('agent-'.length)] : [];
  const actor = e.metadata.actor.kind === 'agent' ? [e.metadata.actor.id] : [];
  // `|` separates the index key's parts; no agent identity contains it (see AgentId).
  return [...new Set([...actor, ...named, ...own])].filter((a) => a !== '' && !a.includes('|'));
};

const entryOf = (e: RecordedEvent): CausationEntry => {
  const { correlationId, causationId, runId, actor, at } = e.metadata;
  return {
    position: e.position,
    stream: e.stream,
    type: e.type,
    id: e.id,
    at,
    actor: `${actor.kind}:${actor.id}`,
    summary: summarize(e.stream, e.type, e.data),
    correlationId,
    causationId,
    ...(runId ? { runId } : {}),
  };
};

/** Every position list an event is filed under, in the order they are added. */
const listsOf = (e: RecordedEvent): string[] => {
  const { correlationId, causationId, runId } = e.metadata;
  const lists = [listOf.id(e.id), listOf.correlation(correlationId), listOf.cause(causationId), listOf.stream(e.stream)];
  if (runId) lists.push(listOf.run(runId));
  for (const agent of agentsNamed(e)) lists.push(listOf.agent(agent));
  const taskId = (e.data as { taskId?: unknown } | null)?.taskId;
  if (e.type === 'RunStarted' && typeof taskId === 'string') lists.push(listOf.runsOfTask(taskId));
  return lists;
};

/**
 * The causation index for replay (SPEC §0.1, §4): every event, findable by its id, its correlation id, its cause
 * (the children of an event), its run, the agents it concerns and its stream. Entries are kept in buckets of 64
 * positions and the lookups in packed position lists, so each lookup reads a few documents, never a scan of the log.
 */
export const causationProjection: Projection = {
  name: 'causation',
  version: 2,
  eventTypes: everyEventType,
  apply: (docs: DocWriter, e: RecordedEvent) => {
    // Every write is keyed by the event's position or id, and positions are added in log order: applying an event
    // again changes nothing.
    const key = entryBucketKey(e.position);
    const bucket = docs.get<StoredEntry[]>(causationCollections.events, key) ?? [];
    if (bucket.length > 0 && bucket[bucket.length - 1]![0] >= e.position) return;
    bucket.push(packEntry(entryOf(e)));
    docs.put(causationCollections.events, key, bucket);
    for (const list of listsOf(e)) addPosition(docs, list, e.position);
  },
  // A rebuild gathers entries and position lists in plain arrays and maps, and lays the documents out once.
  foldFromStart: () => {
    const buckets: [string, StoredEntry[]][] = [];
    const lists = createPositionListsBuilder();
    return {
      apply: (e) => {
        const key = entryBucketKey(e.position);
        const current = buckets[buckets.length - 1];
        if (current && current[0] === key) {
          if (current[1][current[1].length - 1]![0] >= e.position) return;
          current[1].push(packEntry(entryOf(e)));
        } else if (!current || current[0] < key) buckets.push([key, [packEntry(entryOf(e))]]);
        else return;
        for (const list of listsOf(e)) lists.add(list, e.position);
      },
      // Collections in key order: buckets, chunks (position lists), events, meta.
      documents: () => {
        const listDocs = lists.documents();
        const events: [string, [string, unknown][]][] = buckets.length > 0 ? [[causationCollections.events, buckets]] : [];
        return [...listDocs, ...events].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      },
    };
  },
};
