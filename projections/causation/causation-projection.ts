import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { DocWriter, Projection } from '../engine/projection.js';
import { everyEventType } from './event-types.js';
import { addPosition, createPositionListsBuilder } from './position-lists.js';
import { summarize } from './summaries.js';

/** One event as replay shows it: read from the log at the positions the index gives, summarized on the way. */
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
  return [...new Set([...actor, ...named, ...own])].filter((a) => a !== '');
};

/** The entry replay shows for a recorded event. */
export const entryOf = (e: RecordedEvent): CausationEntry => {
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

/**
 * The lists of the index: the value an event is filed under (one letter for the list, then the value), and the
 * check that an event read back at a candidate position really holds it (lists store hashes, see position-lists).
 */
export const lists = {
  id: { key: (id: string) => `i${id}`, holds: (e: RecordedEvent, id: string) => e.id === id },
  stream: { key: (stream: string) => `s${stream}`, holds: (e: RecordedEvent, stream: string) => e.stream === stream },
  correlation: { key: (id: string) => `c${id}`, holds: (e: RecordedEvent, id: string) => e.metadata.correlationId === id },
  cause: { key: (id: string) => `k${id}`, holds: (e: RecordedEvent, id: string) => e.metadata.causationId === id },
  run: { key: (id: string) => `r${id}`, holds: (e: RecordedEvent, id: string) => e.metadata.runId === id },
  agent: { key: (agent: string) => `a${agent}`, holds: (e: RecordedEvent, agent: string) => agentsNamed(e).includes(agent) },
  runsOfTask: {
    key: (taskId: string) => `t${taskId}`,
    holds: (e: RecordedEvent, taskId: string) => e.type === 'RunStarted' && (e.data as { taskId?: unknown } | null)?.taskId === taskId,
  },
} as const;

/** Every list an event is filed under, in the order they are added. */
const listsOf = (e: RecordedEvent): string[] => {
  const { correlationId, causationId, runId } = e.metadata;
  const out = [lists.id.key(e.id), lists.correlation.key(correlationId), lists.cause.key(causationId), lists.stream.key(e.stream)];
  if (runId) out.push(lists.run.key(runId));
  for (const agent of agentsNamed(e)) out.push(lists.agent.key(agent));
  const taskId = (e.data as { taskId?: unknown } | null)?.taskId;
  if (e.type === 'RunStarted' && typeof taskId === 'string') out.push(lists.runsOfTask.key(taskId));
  return out;
};

/** The highest position indexed, so a redelivered event is recognised without reading its lists. */
const HEAD = { collection: 'head', key: 'position' } as const;

/**
 * The causation index for replay (SPEC §0.1, §4): every event, findable by its id, its correlation id, its cause
 * (the children of an event), its run, the agents it concerns and its stream. The index holds positions only, in
 * packed lists; a lookup reads a few documents, then the events at those positions from the log (never a scan),
 * which is where replay gets what it prints. Summaries are made when read, so they never go stale.
 */
export const causationProjection: Projection = {
  name: 'causation',
  version: 3,
  eventTypes: everyEventType,
  apply: (docs: DocWriter, e: RecordedEvent) => {
    // Positions are added in log order: an event at or before the head is a redelivery and changes nothing.
    if (e.position <= (docs.get<number>(HEAD.collection, HEAD.key) ?? 0)) return;
    docs.put(HEAD.collection, HEAD.key, e.position);
    for (const list of listsOf(e)) addPosition(docs, list, e.position);
  },
  // A rebuild gathers (hash, position) pairs in typed columns and lays the documents out once.
  foldFromStart: () => {
    let head = 0;
    const builder = createPositionListsBuilder();
    return {
      apply: (e) => {
        if (e.position <= head) return;
        head = e.position;
        for (const list of listsOf(e)) builder.add(list, e.position);
      },
      // Collections in key order: buckets, chunks, head, meta.
      documents: () => {
        if (head === 0) return [];
        const out = builder.documents();
        out.splice(out.length - 1, 0, [HEAD.collection, [[HEAD.key, head]]]);
        return out;
      },
    };
  },
};
