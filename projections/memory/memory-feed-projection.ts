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

const describe = (docs: DocWriter, e: RecordedEvent): Omit<FeedItem, 'at' | 'position' | 'stream'> | undefined => {
  const d = e.data as Record<string, unknown>;
  const id = e.stream.slice(e.stream.indexOf('-') + 1);
  switch (e.type) {
    case 'RunStarted':
      docs.put('run-agents', id, { agent: d.agent });
      return { kind: 'action', agent: String(d.agent), text: `started run ${id} (${d.driver}/${d.model})${d.taskId ? ` for task ${d.taskId}` : ''}` };
    case 'RunFinished': {
      const agent = docs.get<{ agent: string }>('run-agents', id)?.agent;
      return {
        kind: 'observation',
        ...(agent ? { agent } : {}),
        text: `run ${id} ${d.outcome} (exit ${d.exitCode}, ${Number(d.inputTokens) + Number(d.outputTokens)} tokens, $${d.costUsd})${d.reason ? `: ${clip(String(d.reason), 80)}` : ''}`,
      };
    }
    case 'TaskCompleted':
      return { kind: 'action', agent: String(d.agent), text: `completed task ${id}` };
    case 'TaskFailed':
      return { kind: 'observation', ...(d.agent ? { agent: String(d.agent) } : {}), text: `task ${id} failed: ${clip(String(d.reason ?? ''), 100)}` };
    case 'MemoryRecorded':
      return { kind: 'action', agent: String(d.by), text: `remembered (${d.type}, importance ${d.importance}): ${clip(String(d.content), 100)}` };
    case 'PostAdded':
      return { kind: 'action', agent: String(d.author), text: `posted in ${d.topic}: ${clip(String(d.content), 100)}` };
    default:
      return undefined;
  }
};

/**
 * Short-term memory (SPEC §3.8): the last 50 actions and observations swarm-wide and the last 50 per agent, so one
 * busy agent's run noise no longer pushes another agent's notes out of its window (W-38).
 */
export const memoryFeedProjection: Projection = {
  name: 'memory-feed',
  version: 1,
  eventTypes: ['RunStarted', 'RunFinished', 'TaskCompleted', 'TaskFailed', 'MemoryRecorded', 'PostAdded'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    const described = describe(docs, e);
    if (!described) return;
    const item: FeedItem = { at: e.metadata.at, position: e.position, stream: e.stream, ...described };
    keep(docs, 'swarm', '', item);
    if (item.agent) keep(docs, 'agent', `${item.agent}|`, item);
  },
  // A rebuild keeps each feed as a plain array of its last items (events come in position order, so the newest is
  // always last) instead of an ordered index it counts and pages on every event; run agents go through `describe`.
  // An agent name holding `|` makes one agent's key prefix cover another's in `apply`: from there the fold goes
  // through `apply` itself, so the documents stay the same even then.
  foldFromStart: () => {
    const docs = createMemoryDocs();
    const writer = memoryWriter(docs);
    const swarm: FeedItem[] = [];
    const agents = new Map<string, FeedItem[]>();
    let inFeeds = true;
    const push = (feed: FeedItem[], item: FeedItem) => {
      feed.push(item);
      if (feed.length > feedLength) feed.shift();
    };
    const feedDocs = () => {
      const agentDocs: [string, FeedItem][] = [];
      for (const [agent, feed] of agents) for (const item of feed) agentDocs.push([`${agent}|${positionKey(item.position)}`, item]);
      return { agentDocs: agentDocs.sort(([a], [b]) => byKey(a, b)), swarmDocs: swarm.map((item): [string, FeedItem] => [positionKey(item.position), item]) };
    };
    return {
      apply: (e) => {
        if (!inFeeds) return memoryFeedProjection.apply(writer, e);
        // Every item is in the swarm feed, so its newest tells whether this event was folded already.
        if (swarm.length > 0 && swarm[swarm.length - 1]!.position >= e.position) return;
        const described = describe(writer, e);
        if (!described) return;
        const item: FeedItem = { at: e.metadata.at, position: e.position, stream: e.stream, ...described };
        if (item.agent?.includes('|')) {
          const { agentDocs, swarmDocs } = feedDocs();
          for (const [key, doc] of agentDocs) writer.put('agent', key, doc);
          for (const [key, doc] of swarmDocs) writer.put('swarm', key, doc);
          inFeeds = false;
          keep(writer, 'swarm', '', item);
          keep(writer, 'agent', `${item.agent}|`, item);
          return;
        }
        push(swarm, item);
        if (!item.agent) return;
        let feed = agents.get(item.agent);
        if (!feed) agents.set(item.agent, (feed = []));
        push(feed, item);
      },
      documents: () => {
        if (!inFeeds) return sortedDocs(docs);
        const { agentDocs, swarmDocs } = feedDocs();
        return mergeCollections(agentDocs.length > 0 ? [['agent', agentDocs]] : [], swarmDocs.length > 0 ? [['swarm', swarmDocs]] : [], sortedDocs(docs));
      },
    };
  },
};
