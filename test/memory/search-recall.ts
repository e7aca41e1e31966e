import { isLeft } from 'fp-ts/lib/Either.js';
import { join } from 'node:path';
import { localHashEmbedder } from '../../infra/memory/local-hash-embedder.js';
import { createSqliteMemoryIndex } from '../../infra/memory/sqlite-memory-index.js';
import { createSqliteWordIndex } from '../../infra/memory/sqlite-word-index.js';
import { addMemory } from '../../processes/commands/memory-commands.js';
import { searchLongTermMemory, type MemoryRanking, type SemanticMemory } from '../../processes/memory/semantic-memory.js';
import { labelledMemories, labelledQueries, type LabelledQuery } from '../fixtures/memory-recall-set.js';
import { agent, createTestRuntime } from '../fixtures/test-runtime.js';

export interface RankingRecall {
  readonly ranking: MemoryRanking;
  /** Mean over the queries of the share of their relevant memories found in the first k results. */
  readonly recall: number;
  /** Per query, the share found. */
  readonly perQuery: readonly number[];
}

export interface RecallMeasure {
  readonly k: number;
  readonly memories: number;
  readonly queries: number;
  /** Before: the local hash embedder's vectors ranked by cosine (the ranking `swarm memory search` used without a model). */
  readonly old: RankingRecall;
  /** Now, without a model: shared words ranked by SQLite FTS5's BM25. */
  readonly words: RankingRecall;
  /** The fusion path (BM25 and cosine by reciprocal rank) with the local hash vectors standing in for a model's. */
  readonly fusedWithLocalHash: RankingRecall;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** recall@k of one query: the share of its relevant memories among the first k results. */
export const recallOf = (found: readonly string[], q: LabelledQuery, k: number): number =>
  q.relevant.filter((id) => found.slice(0, k).includes(id)).length / q.relevant.length;

/**
 * Records the labelled memories in a fresh log (through the real command) and measures recall@k of each ranking
 * through the real search (`searchLongTermMemory`), so what is measured is what `swarm memory search` does.
 */
export const measureSearchRecall = async (k = 5): Promise<RecallMeasure> => {
  const rt = createTestRuntime();
  const path = join(rt.dir, 'swarm.memory-index.db');
  const index = createSqliteMemoryIndex(path);
  const words = createSqliteWordIndex(path);
  try {
    for (const memory of labelledMemories) {
      const added = await addMemory(rt, agent('builder'), { ...memory, tags: [...memory.tags] });
      if (isLeft(added)) throw new Error(`${memory.memoryId}: ${added.left.message}`);
    }
    const standInModel = { ...localHashEmbedder, kind: 'minilm' as const, name: 'local-hash as a model', id: 'local-hash-as-model@1' };
    const rankings: Record<'old' | 'words' | 'fusedWithLocalHash', SemanticMemory> = {
      old: { embedder: localHashEmbedder, index, close: async () => undefined },
      words: { embedder: localHashEmbedder, index, words, close: async () => undefined },
      fusedWithLocalHash: { embedder: standInModel, index: createSqliteMemoryIndex(join(rt.dir, 'fused.memory-index.db')), words, close: async () => undefined },
    };
    const measure = async (memory: SemanticMemory): Promise<RankingRecall> => {
      let ranking: MemoryRanking = 'cosine';
      const perQuery: number[] = [];
      for (const q of labelledQueries) {
        const found = await searchLongTermMemory(rt, memory, { query: q.query, limit: k });
        if (isLeft(found)) throw new Error(`${q.query}: ${found.left.message}`);
        ranking = found.right.ranking;
        perQuery.push(recallOf(found.right.results.map((r) => r.memoryId), q, k));
      }
      return { ranking, recall: round(perQuery.reduce((a, b) => a + b, 0) / perQuery.length), perQuery: perQuery.map(round) };
    };
    const result = {
      k,
      memories: labelledMemories.length,
      queries: labelledQueries.length,
      old: await measure(rankings.old),
      words: await measure(rankings.words),
      fusedWithLocalHash: await measure(rankings.fusedWithLocalHash),
    };
    await rankings.fusedWithLocalHash.index.close();
    return result;
  } finally {
    await words.close();
    await index.close();
    await rt.dispose();
  }
};
