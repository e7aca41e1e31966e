import type { RecordedEvent } from '../../domain/log/envelope.js';
import { byKey, createMemoryDocs, memoryWriter, sortedDocs } from '../engine/memory-docs.js';
import { mergeCollections } from '../engine/fold-documents.js';
import type { DocWriter, Projection } from '../engine/projection.js';

/** One line of short-term memory: something an agent did (action) or saw happen (observation). */
export interface FeedItem {
  readonly at: string;
  readonly position: number;
  readonly kind: 'action' | 'observation';
  readonly agent?: string;
  readonly text: string;
  readonly stream: string;
}

/** How many items each feed keeps (SPEC §3.8; MEM-03's window, now per agent as well as swarm-wide). */
export const feedLength = 50;

const positionKey = (position: number) => String(position).padStart(15, '0');
const clip = (text: string, width = 140) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
};

/** Puts an item in a feed and drops the oldest beyond the feed's length (deterministic, so redelivery is harmless). */
const keep = (docs: DocWriter, collection: string, prefix: string, item: FeedItem) => {
  docs.put(collection, `${prefix}${positionKey(item.position)}`, item);
  const excess = docs.count(collection, prefix) - feedLength;
  if (excess > 0) for (const old of docs.page<FeedItem>(collection, { prefix, limit: excess })) docs.delete(collection, `${prefix}${positionKey(old.position)}`);
};

const feedKinds: Record<string, FeedItem['kind']> = {
  RunStarted: 'action',
  RunFinished: 'observation',
  TaskCompleted: 'action',
  TaskFailed: 'observation',
  MemoryRecorded: 'action',
  PostAdded: 'action',
};

/** The id in an event's stream name (`run-<id>`, `task-<id>`). */
const streamId = (e: RecordedEvent) => e.stream.slice(e.stream.indexOf('-') + 1);

/**
 * The agent an event's feed item is about, if any. A RunStarted records its run's agent, for the RunFinished to
 * come (which does not name it).
 */
const agentOfItem = (docs: DocWriter, e: RecordedEvent): string | undefined => {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case 'RunStarted':
      docs.put('run-agents', streamId(e), { agent: d.agent });
      return String(d.agent);
    case 'RunFinished':
      return docs.get<{ agent: string }>('run-agents', streamId(e))?.agent || undefined;
    case 'TaskCompleted':
      return String(d.agent);
    case 'TaskFailed':
      return d.agent ? String(d.agent) : undefined;
    case 'MemoryRecorded':
      return String(d.by);
    case 'PostAdded':
      return String(d.author);
    default:
      return undefined;
  }
};

/** The line a feed shows for an event. */
const textOf = (e: RecordedEvent): string => {
  const d = e.data as Record<string, unknown>;
  const id = streamId(e);
  switch (e.type) {
    case 'RunStarted':
      return `started run ${id} (${d.driver}/${d.model})${d.taskId ? ` for task ${d.taskId}` : ''}`;
    case 'RunFinished':
      return `run ${id} ${d.outcome} (exit ${d.exitCode}, ${Number(d.inputTokens) + Number(d.outputTokens)} tokens, $${d.costUsd})${d.reason ? `: ${clip(String(d.reason), 80)}` : ''}`;
    case 'TaskCompleted':
      return `completed task ${id}`;
    case 'TaskFailed':
      return `task ${id} failed: ${clip(String(d.reason ?? ''), 100)}`;
    case 'MemoryRecorded':
      return `remembered (${d.type}, importance ${d.importance}): ${clip(String(d.content), 100)}`;
    case 'PostAdded':
      return `posted in ${d.topic}: ${clip(String(d.content), 100)}`;
    default:
      return '';
  }
};

const itemOf = (e: RecordedEvent, agent: string | undefined): FeedItem => ({
  at: e.metadata.at,
  position: e.position,
  stream: e.stream,
  kind: feedKinds[e.type]!,
  ...(agent !== undefined ? { agent } : {}),
  text: textOf(e),
});

/**
 * Short-term memory (SPEC §3.8): the last 50 actions and observations swarm-wide and the last 50 per agent, so one
 * busy agent's run noise no longer pushes another agent's notes out of its window (W-38).
 */
export const memoryFeedProjection: Projection = {
  name: 'memory-feed',
  version: 1,
  eventTypes: ['RunStarted', 'RunFinished', 'TaskCompleted', 'TaskFailed', 'MemoryRecorded', 'PostAdded'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    if (!feedKinds[e.type]) return;
    const item = itemOf(e, agentOfItem(docs, e));
    keep(docs, 'swarm', '', item);
    if (item.agent) keep(docs, 'agent', `${item.agent}|`, item);
  },
  // A rebuild keeps each feed as a plain array of its last events (events come in position order, so the newest is
  // always last) instead of an ordered index it counts and pages on every event, and makes the items of those
  // alone; run agents go through `agentOfItem`. An agent name holding `|` makes one agent's key prefix cover
  // another's in `apply`: from there the fold goes through `apply` itself, so the documents stay the same even then.
  foldFromStart: () => {
    const docs = createMemoryDocs();
    const writer = memoryWriter(docs);
    type Entry = { readonly e: RecordedEvent; readonly agent: string | undefined };
    const swarm: Entry[] = [];
    const agents = new Map<string, Entry[]>();
    let inFeeds = true;
    const push = (feed: Entry[], entry: Entry) => {
      feed.push(entry);
      if (feed.length > feedLength) feed.shift();
    };
    const feedDocs = () => {
      const agentDocs: [string, FeedItem][] = [];
      for (const [agent, feed] of agents) for (const { e } of feed) agentDocs.push([`${agent}|${positionKey(e.position)}`, itemOf(e, agent)]);
      return {
        agentDocs: agentDocs.sort(([a], [b]) => byKey(a, b)),
        swarmDocs: swarm.map(({ e, agent }): [string, FeedItem] => [positionKey(e.position), itemOf(e, agent)]),
      };
    };
    return {
      apply: (e) => {
        if (!inFeeds) return memoryFeedProjection.apply(writer, e);
        // Every item is in the swarm feed, so its newest tells whether this event was folded already.
        if (swarm.length > 0 && swarm[swarm.length - 1]!.e.position >= e.position) return;
        if (!feedKinds[e.type]) return;
        const agent = agentOfItem(writer, e);
        if (agent?.includes('|')) {
          const { agentDocs, swarmDocs } = feedDocs();
          for (const [key, doc] of agentDocs) writer.put('agent', key, doc);
          for (const [key, doc] of swarmDocs) writer.put('swarm', key, doc);
          inFeeds = false;
          const item = itemOf(e, agent);
          keep(writer, 'swarm', '', item);
          keep(writer, 'agent', `${agent}|`, item);
          return;
        }
        const entry = { e, agent };
        push(swarm, entry);
        if (!agent) return;
        let feed = agents.get(agent);
        if (!feed) agents.set(agent, (feed = []));
        push(feed, entry);
      },
      documents: () => {
        if (!inFeeds) return sortedDocs(docs);
        const { agentDocs, swarmDocs } = feedDocs();
        return mergeCollections(agentDocs.length > 0 ? [['agent', agentDocs]] : [], swarmDocs.length > 0 ? [['swarm', swarmDocs]] : [], sortedDocs(docs));
      },
    };
  },
};
