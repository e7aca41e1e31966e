/** The dimension of every memory vector: all-MiniLM-L6-v2's, so the local fallback and Qdrant collections agree. */
export const embeddingDimension = 384;

/**
 * Turns texts into unit-length vectors of `embeddingDimension` numbers, so cosine similarity is a dot product.
 * Adapters: all-MiniLM-L6-v2 when its model files are on this machine, else a deterministic local embedder.
 */
export interface Embedder {
  readonly kind: 'minilm' | 'local-hash';
  /** What a person is told is active, e.g. `all-MiniLM-L6-v2` or `local-hash`. */
  readonly name: string;
  /**
   * Names the vector space: two indexes built with different ids hold incomparable vectors, so an index built
   * with another id is rebuilt (e.g. after the model was installed, or the local embedder's features changed).
   */
  readonly id: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** The active embedder and, when it is the fallback, why the model was not used. */
export interface ChosenEmbedder {
  readonly embedder: Embedder;
  readonly note?: string;
}
