// Memory search benchmark. Quality: recall@5 on the labelled set (test/fixtures/memory-recall-set.ts) of the old
// ranking (local hash vectors by cosine) and the new one (shared words by SQLite FTS5's BM25), through the real
// search. Speed: builds an embedded vector index and word index of N memories (default 10,000) and measures search
// latency (vectors cold: open, load, search; warm: unfiltered and filtered; words warm), against a baseline measured
// in the same run: the same brute-force scoring over vectors already in memory. Prints JSON.
// Usage: node --import tsx scripts/bench-memory.ts [N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localHashEmbedder } from '../infra/memory/local-hash-embedder.js';
import { createSqliteMemoryIndex } from '../infra/memory/sqlite-memory-index.js';
import { createSqliteWordIndex, wordIndexTokenizer } from '../infra/memory/sqlite-word-index.js';
import { measureSearchRecall } from '../test/memory/search-recall.js';
import { memoryIndexVersion } from '../processes/memory/memory-index-catch-up.js';
import type { MemoryIndexChange } from '../processes/memory/memory-vector-index.js';

const count = Number(process.argv[2] ?? 10_000);
const types = ['fact', 'skill', 'preference', 'lesson', 'discovery', 'strategy'] as const;
const vocabulary = ('gumroad notion template course ebook price sale tests review builder publish npm vercel marketing students ' +
  'github stars issue bug feature landing page email audience niche demo video preview refund fee income token budget').split(' ');
const pick = (i: number, k: number) => vocabulary[(i * 7919 + k * 104729) % vocabulary.length]!;
const text = (i: number) => Array.from({ length: 8 + (i % 7) }, (_, k) => pick(i, k)).join(' ');

const dir = mkdtempSync(join(tmpdir(), 'swarmlog-bench-memory-'));
const index = createSqliteMemoryIndex(join(dir, 'bench.memory-index.db'));
const words = createSqliteWordIndex(join(dir, 'bench.memory-index.db'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = async (runs: number, work: (i: number) => Promise<unknown> | unknown) => {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await work(i);
    ms.push(performance.now() - t);
  }
  return median(ms);
};

try {
  const space = { version: memoryIndexVersion, embedder: localHashEmbedder.id };
  await index.reset({ position: 0, ...space }, undefined);
  const started = performance.now();
  const texts = Array.from({ length: count }, (_, i) => text(i));
  const vectors = await localHashEmbedder.embed(texts);
  const embedMs = performance.now() - started;
  const changes: MemoryIndexChange[] = texts.map((content, i) => ({
    kind: 'upsert',
    position: i + 1,
    vector: vectors[i]!,
    memory: { memoryId: `m-${String(i).padStart(6, '0')}`, type: types[i % types.length]!, content, tags: [pick(i, 99)], importance: 1 + (i % 10), incomePotential: 0, by: 'bench', at: new Date(0).toISOString() },
  }));
  const writeStarted = performance.now();
  await index.apply(changes, { position: count, ...space });
  const writeMs = performance.now() - writeStarted;
  const wordSpace = { version: memoryIndexVersion, embedder: wordIndexTokenizer };
  await words.reset({ position: 0, ...wordSpace }, undefined);
  const wordWriteStarted = performance.now();
  await words.apply(changes, { position: count, ...wordSpace });
  const wordWriteMs = performance.now() - wordWriteStarted;

  const queries = await localHashEmbedder.embed(Array.from({ length: 21 }, (_, i) => text(count + i)));
  const runs = queries.length;
  // A CLI call opens the index, loads every vector once and searches once.
  const cold = await time(5, async (i) => {
    const fresh = createSqliteMemoryIndex(join(dir, 'bench.memory-index.db'));
    await fresh.search(queries[i]!, { limit: 5 });
    await fresh.close();
  });
  const unfiltered = await time(runs, (i) => index.search(queries[i]!, { limit: 5 }));
  const byType = await time(runs, (i) => index.search(queries[i]!, { limit: 5, filter: { type: 'lesson' } }));
  const byImportanceAndTags = await time(runs, (i) => index.search(queries[i]!, { limit: 5, filter: { minImportance: 6, tags: ['gumroad', 'price', 'demo'] } }));
  const queryTexts = Array.from({ length: 21 }, (_, i) => text(count + i));
  const wordsUnfiltered = await time(runs, (i) => words.search(queryTexts[i]!, { limit: 5 }));
  const wordsByType = await time(runs, (i) => words.search(queryTexts[i]!, { limit: 5, filter: { type: 'lesson' } }));
  const baseline = await time(runs, (i) => {
    const q = queries[i]!;
    let best = -2;
    for (const v of vectors) {
      let s = 0;
      for (let d = 0; d < 384; d++) s += q[d]! * v[d]!;
      if (s > best) best = s;
    }
    return best;
  });
  const round = (x: number) => Math.round(x * 100) / 100;
  const recall = await measureSearchRecall(5);
  // For people first (the figure the issue asks for, by its name), then the whole report as one JSON line.
  console.log(
    `recall@5 over ${recall.queries} labelled queries of ${recall.memories} memories: shared words (BM25) ${recall.words.recall}, ` +
      `fused with hashed vectors ${recall.fusedWithLocalHash.recall}, hashed vectors alone (before) ${recall.old.recall}`,
  );
  console.log(
    JSON.stringify({
      recallAt5: {
        labelledMemories: recall.memories,
        labelledQueries: recall.queries,
        oldHashedVectorsCosine: recall.old.recall,
        newSharedWordsBm25: recall.words.recall,
        fusedBm25AndHashedVectors: recall.fusedWithLocalHash.recall,
      },
      memories: count,
      embedder: localHashEmbedder.name,
      embedAllMs: round(embedMs),
      writeAllMs: round(writeMs),
      coldSearchMedianMs: round(cold),
      searchMedianMs: { unfiltered: round(unfiltered), byType: round(byType), byImportanceAndTags: round(byImportanceAndTags) },
      wordIndex: { writeAllMs: round(wordWriteMs), searchMedianMs: { unfiltered: round(wordsUnfiltered), byType: round(wordsByType) } },
      baselineInMemoryScanMs: round(baseline),
      ratioUnfilteredToBaseline: round(unfiltered / baseline),
    }),
  );
} finally {
  await words.close();
  await index.close();
  rmSync(dir, { recursive: true, force: true });
}
