import type { MemoryType } from '../../domain/memory/index.js';

/** What the index keeps of a memory besides its vector: the fields searches filter on, and what Qdrant shows. */
export interface IndexedMemory {
  readonly memoryId: string;
  readonly type: MemoryType;
  readonly content: string;
  readonly tags: readonly string[];
  readonly importance: number;
  readonly incomePotential: number;
  readonly by: string;
  readonly at: string;
}

/** One change folded from the log: a memory recorded (with its vector) or forgotten, at its log position. */
export type MemoryIndexChange =
  | { readonly kind: 'upsert'; readonly position: number; readonly memory: IndexedMemory; readonly vector: Float32Array }
  | { readonly kind: 'remove'; readonly position: number; readonly memoryId: string };

/** How far the index has folded the log, and in which vector space (`embedder` is the Embedder's id). */
export interface MemoryIndexCheckpoint {
  readonly position: number;
  readonly version: number;
  readonly embedder: string;
}

export interface MemoryFilter {
  readonly type?: MemoryType;
  readonly minImportance?: number;
  /** Any of these tags. */
  readonly tags?: readonly string[];
}

export interface VectorHit {
  readonly memoryId: string;
  /** Cosine similarity, -1 to 1. */
  readonly score: number;
}

/**
 * The long-term memory index (SPEC §3.8, §8): a read model of MemoryRecorded / MemoryForgotten holding vectors,
 * with its own checkpoint. Adapters: embedded SQLite (default) and Qdrant (`QDRANT_URL`).
 */
export interface MemoryVectorIndex {
  /** Where the index lives, for people: `embedded (…/swarm.memory-index.db)` or `qdrant (http://…/collection)`. */
  readonly location: string;
  /** `qdrant` when a person configured one (`QDRANT_URL`): then its vectors always rank, whatever the embedder. */
  readonly kind: 'embedded' | 'qdrant';
  checkpoint(): Promise<MemoryIndexCheckpoint | undefined>;
  /**
   * Empties the index and sets its checkpoint to `to` (normally position 0), unless another process already
   * did the same since `seen` was read.
   */
  reset(to: MemoryIndexCheckpoint, seen: MemoryIndexCheckpoint | undefined): Promise<void>;
  /**
   * Applies changes and moves the checkpoint to `to.position`, skipping changes at or before the stored
   * checkpoint (another process may have folded them already). Applying the same changes twice changes nothing,
   * and a forgotten memory stays forgotten. Refused (false) when the stored checkpoint names another vector space.
   */
  apply(changes: readonly MemoryIndexChange[], to: MemoryIndexCheckpoint): Promise<boolean>;
  /** The `limit` nearest memories to a unit vector among those matching the filter, nearest first. */
  search(vector: Float32Array, options: { readonly limit: number; readonly filter?: MemoryFilter }): Promise<VectorHit[]>;
  close(): Promise<void>;
}
