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
import { catchUpMemoryIndex } from './memory-index-catch-up.js';
import type { MemoryFilter, MemoryVectorIndex } from './memory-vector-index.js';

/** Long-term memory search: an embedder and the vector index built with it (opened by infra/memory). */
export interface SemanticMemory {
  readonly embedder: Embedder;
  /** Why the fallback embedder is active, when it is. */
  readonly embedderNote?: string;
  readonly index: MemoryVectorIndex;
  close(): Promise<void>;
}

const SearchLimit = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 1000, 'a whole number from 1 to 1000');

export const MemorySearchInput = t.intersection([
  t.type({ query: NonEmptyText }),
  t.partial({ limit: SearchLimit, type: MemoryType, minImportance: Importance, tags: t.array(Tag) }),
]);
export type MemorySearchInput = t.TypeOf<typeof MemorySearchInput>;

export type ScoredMemory = MemoryRecord & { readonly score: number };

export interface SemanticSearchResult {
  readonly ranking: 'semantic';
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

/** Rounds a cosine for output: enough digits to order by, few enough to read. */
const rounded = (score: number) => Math.round(score * 10_000) / 10_000;

/**
 * The memories nearest in meaning to a query (SPEC §3.8), after bringing the index up to date with the log. Hits
 * are joined with the memory-records read model, which is authoritative: a hit the index still holds for a memory
 * forgotten meanwhile (a remote index written by a slower process) is dropped, so the index is asked for a few more.
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
  await catchUpMemoryIndex(runtime.log, memory.index, memory.embedder);
  const [vector] = await memory.embedder.embed([query]);
  const hits = await memory.index.search(vector!, { limit: limit + Math.min(limit, 20), filter });
  const records = await freshReader(runtime.log, runtime.projections, memoryRecordsProjection);
  const results = hits
    .map((h) => {
      const record = records.get<MemoryRecord>('records', h.memoryId);
      return record ? { ...record, score: rounded(h.score) } : undefined;
    })
    .filter((r): r is ScoredMemory => r !== undefined)
    .slice(0, limit);
  return right({
    ranking: 'semantic',
    embedder: memory.embedder.name,
    embedderKind: memory.embedder.kind,
    ...(memory.embedderNote ? { embedderNote: memory.embedderNote } : {}),
    index: memory.index.location,
    query,
    filter,
    results,
  });
};
