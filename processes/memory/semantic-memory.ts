import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
import { Importance, MemoryType, Tag } from '../../domain/memory/index.js';
import { NonEmptyText } from '../../domain/run/quantities.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { memoryRecordsProjection, type MemoryRecord } from '../../projections/memory/memory-records-projection.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import type { Embedder } from './embedder.js';
import { catchUpMemoryIndex, catchUpWordIndex } from './memory-index-catch-up.js';
import type { MemoryFilter, MemoryVectorIndex, VectorHit } from './memory-vector-index.js';
import type { MemoryWordIndex, WordHit } from './memory-word-index.js';

/**
 * Long-term memory search (opened by infra/memory): the word index (BM25 over shared words), and the embedder
 * with the vector index built with it. Without a language model (the local hash embedder) search is by shared
 * words alone; with one (all-MiniLM-L6-v2) the two rankings are fused. Without a word index (older callers),
 * the vector index ranks alone.
 */
export interface SemanticMemory {
  readonly embedder: Embedder;
  /** Why the fallback embedder is active, when it is. */
  readonly embedderNote?: string;
  readonly index: MemoryVectorIndex;
  readonly words?: MemoryWordIndex;
  close(): Promise<void>;
}

const SearchLimit = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 1000, 'a whole number from 1 to 1000');

export const MemorySearchInput = t.intersection([
  t.type({ query: NonEmptyText }),
  t.partial({ limit: SearchLimit, type: MemoryType, minImportance: Importance, tags: t.array(Tag) }),
]);
export type MemorySearchInput = t.TypeOf<typeof MemorySearchInput>;

export type ScoredMemory = MemoryRecord & {
  /** The ranking's score (see `ranking`): BM25, a reciprocal-rank-fusion sum, or a cosine; higher is better. */
  readonly score: number;
  /** BM25 of the words it shares with the query, when it shares any. */
  readonly bm25?: number;
  /** Cosine similarity to the query, when a vector index ranked it. */
  readonly cosine?: number;
};

/**
 * How results are ranked: `bm25` by the words they share with the query (SQLite FTS5; no language model here),
 * `bm25+cosine` by that and the model's similarity, fused by reciprocal rank, `cosine` by the vector index alone.
 */
export type MemoryRanking = 'bm25' | 'bm25+cosine' | 'cosine';

export interface SemanticSearchResult {
  readonly ranking: MemoryRanking;
  /** The ranking in a person's words, e.g. "shared words (SQLite FTS5, BM25)". */
  readonly rankingText: string;
  /** The active embedder (`all-MiniLM-L6-v2` or `local-hash`), so people know what "similar" means here. */
  readonly embedder: string;
  readonly embedderKind: Embedder['kind'];
  readonly embedderNote?: string;
  readonly index: string;
  readonly query: string;
  readonly filter: MemoryFilter;
  readonly results: readonly ScoredMemory[];
}

export const defaultSearchLimit = 5;

/** Reciprocal rank fusion's constant (Cormack et al. 2009): damps the weight of the very first ranks. */
export const rrfK = 60;

/** Rounds a score for output: enough digits to order by, few enough to read. */
const rounded = (score: number) => Math.round(score * 10_000) / 10_000;

/** How the search ranks with this memory: by words when there is no language model, fused when there is. */
export const rankingOf = (memory: Pick<SemanticMemory, 'embedder' | 'words'>): MemoryRanking =>
  !memory.words ? 'cosine' : memory.embedder.kind === 'local-hash' ? 'bm25' : 'bm25+cosine';

/**
 * Whether the vector index is kept: when it ranks, and always when it is a Qdrant a person configured (`QDRANT_URL`):
 * the memories are kept there as asked, even while no language model ranks with them (issue K: words alone then).
 */
export const keepsVectors = (memory: Pick<SemanticMemory, 'embedder' | 'words' | 'index'>): boolean => rankingOf(memory) !== 'bm25' || memory.index.kind === 'qdrant';

export const rankingText = (ranking: MemoryRanking, embedder: Pick<Embedder, 'kind' | 'name'>): string =>
  ranking === 'bm25'
    ? 'shared words (SQLite FTS5, BM25)'
    : ranking === 'bm25+cosine'
      ? `shared words (BM25) fused with ${embedder.name} similarity (reciprocal rank)`
      : embedder.kind === 'local-hash'
        ? 'shared words (hashed word vectors, cosine)'
        : `${embedder.name} similarity (cosine)`;

/** Where the indexes a ranking reads are (and the Qdrant that keeps the memories while only words rank). */
const locationOf = (memory: Pick<SemanticMemory, 'words' | 'index'>, ranking: MemoryRanking): string =>
  ranking === 'bm25'
    ? `${memory.words!.location}${memory.index.kind === 'qdrant' ? `; memories also kept in ${memory.index.location}, ranked there once a language model embeds` : ''}`
    : ranking === 'bm25+cosine'
      ? `${memory.index.location} + ${memory.words!.location}`
      : memory.index.location;

/** The line `swarm memory search` and `swarm up` print about how memory is searched. */
export const memorySearchLine = (memory: Pick<SemanticMemory, 'embedder' | 'embedderNote' | 'words' | 'index'>): string => {
  const ranking = rankingOf(memory);
  return `ranking: ${rankingText(ranking, memory.embedder)} | embedder: ${memory.embedder.name}${memory.embedderNote ? ` (${memory.embedderNote})` : ''} | index: ${locationOf(memory, ranking)}`;
};

/** `swarm up`'s line about long-term memory: how it is searched, where, and with which embedder. */
export const memoryStartLine = (memory: Pick<SemanticMemory, 'embedder' | 'embedderNote' | 'words' | 'index'>): string => {
  const ranking = rankingOf(memory);
  return `search by ${rankingText(ranking, memory.embedder)} in ${locationOf(memory, ranking)}; embedder ${memory.embedder.name}${memory.embedderNote ? ` (${memory.embedderNote})` : ''}`;
};

/** Brings the indexes up to date with the log (the vector index when it is kept: `keepsVectors`). */
export const catchUpLongTermMemory = async (log: SwarmRuntime['log'], memory: SemanticMemory): Promise<void> => {
  if (memory.words) await catchUpWordIndex(log, memory.words);
  if (keepsVectors(memory)) await catchUpMemoryIndex(log, memory.index, memory.embedder);
};

interface Candidate {
  readonly memoryId: string;
  readonly score: number;
  readonly bm25?: number;
  readonly cosine?: number;
}

/** Reciprocal rank fusion: each list gives a memory 1 / (k + its rank); the sums rank the union. */
const fuse = (words: readonly WordHit[], vectors: readonly VectorHit[]): Candidate[] => {
  const fused = new Map<string, { score: number; bm25?: number; cosine?: number }>();
  words.forEach((h, i) => fused.set(h.memoryId, { score: 1 / (rrfK + i + 1), bm25: h.score }));
  vectors.forEach((h, i) => {
    const prev = fused.get(h.memoryId);
    fused.set(h.memoryId, { ...prev, score: (prev?.score ?? 0) + 1 / (rrfK + i + 1), cosine: h.score });
  });
  return [...fused].map(([memoryId, c]) => ({ memoryId, ...c }));
};

/**
 * The memories a query finds (SPEC §3.8), after bringing the indexes up to date with the log: by shared words
 * (BM25) without a language model, fused with the model's similarity with one. Hits are joined with the
 * memory-records read model, which is authoritative: a hit an index still holds for a memory forgotten meanwhile
 * (a remote index written by a slower process) is dropped, so the indexes are asked for a few more.
 */
export const searchLongTermMemory = async (
  runtime: Pick<SwarmRuntime, 'log' | 'projections'>,
  memory: SemanticMemory,
  input: unknown,
): Promise<Either<DomainError, SemanticSearchResult>> => {
  const decoded = decodeWith(MemorySearchInput)(input);
  if (isLeft(decoded)) return decoded;
  const { query, limit = defaultSearchLimit, ...filters } = decoded.right;
  const filter: MemoryFilter = {
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.minImportance !== undefined ? { minImportance: filters.minImportance } : {}),
    ...(filters.tags && filters.tags.length > 0 ? { tags: filters.tags } : {}),
  };
  const ranking = rankingOf(memory);
  await catchUpLongTermMemory(runtime.log, memory);
  const depth = limit + Math.min(limit, 20);
  const vectorHits = async (n: number) => {
    const [vector] = await memory.embedder.embed([query]);
    return memory.index.search(vector!, { limit: n, filter });
  };
  let candidates: Candidate[];
  if (ranking === 'bm25') candidates = (await memory.words!.search(query, { limit: depth, filter })).map((h) => ({ memoryId: h.memoryId, score: h.score, bm25: h.score }));
  else if (ranking === 'cosine') candidates = (await vectorHits(depth)).map((h) => ({ memoryId: h.memoryId, score: h.score, cosine: h.score }));
  else {
    // Fusion needs more than the top few of each list: a memory second in both beats one first in only one.
    const fusionDepth = Math.min(1000, Math.max(depth * 3, 50));
    candidates = fuse(await memory.words!.search(query, { limit: fusionDepth, filter }), await vectorHits(fusionDepth));
  }
  const records = await freshReader(runtime.log, runtime.projections, memoryRecordsProjection);
  const results = candidates
    .map((c) => {
      const record = records.get<MemoryRecord>('records', c.memoryId);
      if (!record) return undefined;
      const scored: ScoredMemory = {
        ...record,
        score: ranking === 'bm25+cosine' ? Math.round(c.score * 1_000_000) / 1_000_000 : rounded(c.score),
        ...(c.bm25 !== undefined ? { bm25: rounded(c.bm25) } : {}),
        ...(c.cosine !== undefined ? { cosine: rounded(c.cosine) } : {}),
      };
      return scored;
    })
    .filter((r): r is ScoredMemory => r !== undefined)
    .sort((a, b) => b.score - a.score || b.importance - a.importance || (a.memoryId < b.memoryId ? -1 : a.memoryId > b.memoryId ? 1 : 0))
    .slice(0, limit);
  return right({
    ranking,
    rankingText: rankingText(ranking, memory.embedder),
    embedder: memory.embedder.name,
    embedderKind: memory.embedder.kind,
    ...(memory.embedderNote ? { embedderNote: memory.embedderNote } : {}),
    index: locationOf(memory, ranking),
    query,
    filter,
    results,
  });
};
