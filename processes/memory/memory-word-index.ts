import type { IndexedMemory, MemoryFilter, MemoryIndexCheckpoint } from './memory-vector-index.js';

/** One change folded from the log for the word index: a memory recorded or forgotten, at its log position. */
export type MemoryTextChange =
  | { readonly kind: 'upsert'; readonly position: number; readonly memory: IndexedMemory }
  | { readonly kind: 'remove'; readonly position: number; readonly memoryId: string };

export interface WordHit {
  readonly memoryId: string;
  /** BM25 relevance (higher is better): grows with the query's words a memory holds, rarer words counting more. */
  readonly score: number;
}

/**
 * The long-term memory word index (SPEC §3.8): a full-text read model of MemoryRecorded / MemoryForgotten, ranked
 * by BM25 over shared words (after stemming: "pricing" finds "price"). Its checkpoint has the same shape as the
 * vector index's; `embedder` names its tokenizer, so a change of tokenizer rebuilds it. Adapter: SQLite FTS5 in
 * the embedded memory index file, whichever vector index is in use.
 */
export interface MemoryWordIndex {
  readonly location: string;
  /** Names how text is cut into words (kept in the checkpoint: another tokenizer means a rebuild). */
  readonly tokenizer: string;
  checkpoint(): Promise<MemoryIndexCheckpoint | undefined>;
  /** Empties the index and sets its checkpoint to `to`, unless another process did the same since `seen` was read. */
  reset(to: MemoryIndexCheckpoint, seen: MemoryIndexCheckpoint | undefined): Promise<void>;
  /** As MemoryVectorIndex.apply: skips changes at or before the checkpoint; idempotent; a forgotten memory stays forgotten. */
  apply(changes: readonly MemoryTextChange[], to: MemoryIndexCheckpoint): Promise<boolean>;
  /** The `limit` memories matching the most (and rarest) of the query's words, best first; none when no word is shared. */
  search(query: string, options: { readonly limit: number; readonly filter?: MemoryFilter }): Promise<WordHit[]>;
  close(): Promise<void>;
}
