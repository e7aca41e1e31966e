import type { RecordedEvent } from '../../domain/log/envelope.js';
import { runStream } from '../../domain/run/index.js';
import type { DocReader, DocWriter, Projection, SerializedDocs, SplitFold } from '../engine/projection.js';
import { everyEventType } from './event-types.js';
import { addPosition, createPositionPairs, joinPositionPairs, positionListDocuments, type PositionPairs } from './position-lists.js';
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
  const out: string[] = [];
  if (e.type === 'AgentHeartbeat') return out;
  if (e.metadata.actor.kind === 'agent') keepAgent(out, e.metadata.actor.id);
  const data = e.data as { agent?: unknown; holder?: unknown } | null;
  keepAgent(out, data?.agent);
  keepAgent(out, data?.holder);
  if (e.stream.startsWith('agent-')) keepAgent(out, e.stream.slice('agent-'.length));
  return out;
};

/** Adds `agent` to `out` when it names an agent not there yet. */
const keepAgent = (out: string[], agent: unknown): void => {
  if (typeof agent === 'string' && agent !== '' && !out.includes(agent)) out.push(agent);
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
/** A list: its letter, the key a value is filed under, and whether an event holds the value. */
const list = (letter: string, holds: (e: RecordedEvent, value: string) => boolean) => ({ letter, key: (value: string) => letter + value, holds });

export const lists = {
  id: list('i', (e, id) => e.id === id),
  correlation: list('c', (e, id) => e.metadata.correlationId === id),
  cause: list('k', (e, id) => e.metadata.causationId === id),
  run: list('r', (e, id) => e.metadata.runId === id),
  agent: list('a', (e, agent) => agentsNamed(e).includes(agent)),
  runsOfTask: list('t', (e, taskId) => e.type === 'RunStarted' && (e.data as { taskId?: unknown } | null)?.taskId === taskId),
};

/** Whether `stream` is `runStream(runId)`, without making that string (this runs for every event of a rebuild). */
const isRunStreamOf = (stream: string, runId: string): boolean =>
  stream.length === runId.length + RUN_PREFIX.length && stream.startsWith(RUN_PREFIX) && stream.endsWith(runId);
const RUN_PREFIX = runStream('');

/** Every list an event is filed under, in the order they are added: its letter and the value. */
const forEachList = (e: RecordedEvent, visit: (letter: string, value: string) => void): void => {
  const { correlationId, causationId, runId } = e.metadata;
  visit(lists.id.letter, e.id);
  visit(lists.correlation.letter, correlationId);
  // The first event of a command is caused by its chain (causation = correlation id): the correlation list holds it
  // already, so childrenOf looks there too rather than every such event being filed twice.
  if (causationId !== correlationId) visit(lists.cause.letter, causationId);
  // Streams are not listed: the log reads a stream itself (see queries). Nor is a run's own stream in its run list.
  if (runId && !isRunStreamOf(e.stream, runId)) visit(lists.run.letter, runId);
  for (const agent of agentsNamed(e)) visit(lists.agent.letter, agent);
  const taskId = (e.data as { taskId?: unknown } | null)?.taskId;
  if (e.type === 'RunStarted' && typeof taskId === 'string') visit(lists.runsOfTask.letter, taskId);
};

/** The highest position indexed, so a redelivered event is recognised without reading its lists. */
const HEAD = { collection: 'head', key: 'position' } as const;

/** The highest position the index has folded (0 when it is empty): what a lookup that reads the log may show. */
export const indexedUpTo = (docs: DocReader): number => docs.get<number>(HEAD.collection, HEAD.key) ?? 0;

/** What a part of a rebuild gathers: the pairs of the events it folded, and the highest of their positions. */
interface CausationPart extends PositionPairs {
  readonly head: number;
}

/**
 * A rebuild gathers (hash, position) pairs in typed columns and lays the documents out once; split, each thread
 * gathers the pairs of its events and the parts are merged in position order first.
 */
const splitFold: SplitFold<CausationPart> = {
  part: () => {
    let head = 0;
    const pairs = createPositionPairs();
    return {
      apply: (e) => {
        if (e.position <= head) return;
        head = e.position;
        forEachList(e, (letter, value) => pairs.add(letter, value, e.position));
      },
      done: () => ({ ...pairs.pairs(), head }),
    };
  },
  // Collections in key order: buckets, chunks, head, meta.
  join: (parts): SerializedDocs => {
    const head = Math.max(0, ...parts.map((p) => p.head));
    if (head === 0) return [];
    const out = positionListDocuments(joinPositionPairs(parts));
    out.splice(out.length - 1, 0, [HEAD.collection, [[HEAD.key, String(head)]]]);
    return out;
  },
};

/**
 * The causation index for replay (SPEC §0.1, §4): every event, findable by its id, its correlation id, its cause
 * (the children of an event), its run, the agents it concerns and its stream. The index holds positions only, in
 * packed lists; a lookup reads a few documents, then the events at those positions from the log (never a scan),
 * which is where replay gets what it prints. Summaries are made when read, so they never go stale.
 */
export const causationProjection: Projection = {
  name: 'causation',
  // 5: no stream lists, and a run's own stream not in its run list (both are read from the log's streams).
  // 6: refused agent commands (AgentCommandRefused) are indexed, so replay of a run shows its refusals.
  version: 6,
  eventTypes: everyEventType,
  apply: (docs: DocWriter, e: RecordedEvent) => {
    // Positions are added in log order: an event at or before the head is a redelivery and changes nothing.
    if (e.position <= indexedUpTo(docs)) return;
    docs.put(HEAD.collection, HEAD.key, e.position);
    forEachList(e, (letter, value) => addPosition(docs, letter + value, e.position));
  },
  splitFold,
  // Unsplit, a rebuild is the join of one part.
  foldFromStart: () => {
    const part = splitFold.part();
    const serializedDocuments = () => splitFold.join([part.done()]);
    return {
      apply: part.apply,
      serializedDocuments,
      documents: () => serializedDocuments().map(([c, docs]) => [c, Array.from(docs, ([k, json]) => [k, JSON.parse(json) as unknown] as [string, unknown])] as [string, [string, unknown][]]),
    };
  },
};
