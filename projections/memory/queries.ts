import type { DocReader } from '../engine/projection.js';
import type { FeedItem } from './memory-feed-projection.js';
import type { MemoryRecord } from './memory-records-projection.js';

/** The short-term feed, newest first: swarm-wide, or one agent's. */
export const recentFeed = (feed: DocReader, agent?: string): FeedItem[] =>
  (agent ? feed.page<FeedItem>('agent', { prefix: `${agent}|` }) : feed.all<FeedItem>('swarm')).reverse();

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

export interface MemorySearch {
  /** How results are ranked: the number of words shared with the query, importance breaking ties. */
  readonly ranking: 'keyword';
  readonly query: string;
  readonly results: readonly (MemoryRecord & { readonly score: number })[];
}

/**
 * Long-term memories sharing words with the query, most shared words first, then most important, then newest. A
 * scan of every record, over the read model alone (an as-of view); `swarm memory search` ranks with the word index
 * (BM25, processes/memory/semantic-memory.ts).
 */
export const searchMemories = (records: DocReader, query: string, limit = 5): MemorySearch => {
  const wanted = words(query);
  const scored = records
    .all<MemoryRecord>('records')
    .map((r) => {
      const have = words(`${r.content} ${r.tags.join(' ')}`);
      return { ...r, score: [...wanted].filter((w) => have.has(w)).length };
    })
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || b.importance - a.importance || (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return { ranking: 'keyword', query, results: scored.slice(0, limit) };
};

/** The most important memories (for a run's prompt), most important first. */
export const topMemories = (records: DocReader, limit = 10): MemoryRecord[] =>
  records
    .page<{ memoryId: string }>('by-importance', { limit })
    .map((r) => records.get<MemoryRecord>('records', r.memoryId))
    .filter((r): r is MemoryRecord => r !== undefined);
