import type { EventStore } from '../../domain/log/event-store.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { MemoryEvent } from '../../domain/memory/index.js';
import type { Embedder } from './embedder.js';
import type { IndexedMemory, MemoryIndexChange, MemoryIndexCheckpoint, MemoryVectorIndex } from './memory-vector-index.js';
import type { MemoryTextChange, MemoryWordIndex } from './memory-word-index.js';

/** Bump when what the index stores of a memory changes (e.g. which text is embedded): every index is rebuilt. */
export const memoryIndexVersion = 1;

const memoryEventTypes = ['MemoryRecorded', 'MemoryForgotten'];

/** The text a memory is embedded from: its content, and its tags, which often name the topic in one word. */
export const embeddingText = (memory: Pick<IndexedMemory, 'content' | 'tags'>): string =>
  memory.tags.length > 0 ? `${memory.content}\n${memory.tags.join(' ')}` : memory.content;

export interface MemoryIndexCatchUp {
  readonly applied: number;
  readonly position: number;
  readonly rebuilt: boolean;
}

const memoryOf = (e: RecordedEvent): IndexedMemory => {
  const d = e.data as Extract<MemoryEvent, { type: 'MemoryRecorded' }>['data'];
  return {
    memoryId: e.stream.slice('memory-'.length),
    type: d.type,
    content: d.content,
    tags: d.tags,
    importance: d.importance,
    incomePotential: d.incomePotential,
    by: d.by,
    at: e.metadata.at,
  };
};

/** How far along a catch-up is, as the log measures it (positions are opaque: never `upTo - from`). */
const report = (log: EventStore, options: { readonly onProgress?: (done: number, total: number) => void }, from: number, at: number, to: number) => {
  if (!options.onProgress) return;
  const { done, total } = log.progress(from, at, to);
  options.onProgress(done, total);
};

/**
 * Brings the memory index up to date with the log, so a search sees every memory recorded before it started
 * (SPEC §4). The index is rebuilt from position 0 when it was built in another vector space (another embedder),
 * by an older version of this code, or from a log that has since been replaced. Embedding happens outside the
 * index's write, in batches; the write then skips what another process folded meanwhile.
 */
export const catchUpMemoryIndex = async (
  log: EventStore,
  index: MemoryVectorIndex,
  embedder: Embedder,
  options: { readonly batchSize?: number; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<MemoryIndexCatchUp> => {
  const space = { version: memoryIndexVersion, embedder: embedder.id };
  // The checkpoint is read before the head, so a checkpoint beyond the head means the log was replaced.
  let seen = await index.checkpoint();
  const head = await log.headPosition();
  let rebuilt = false;
  if (!seen || seen.version !== space.version || seen.embedder !== space.embedder || seen.position > head) {
    await index.reset({ position: 0, ...space }, seen);
    seen = await index.checkpoint();
    rebuilt = true;
  }
  if (!seen || seen.embedder !== space.embedder || seen.version !== space.version)
    throw new Error(
      `the memory index is kept in another vector space (${seen?.embedder ?? 'none'}) by another process while this one uses ${space.embedder}: ` +
        'give every swarm process the same embedder settings (SWARM_EMBEDDER, SWARM_EMBEDDING_MODEL_DIR)',
    );
  const from = seen.position;
  if (from >= head) return { applied: 0, position: from, rebuilt };

  const batchSize = options.batchSize ?? 256;
  let applied = 0;
  let batch: RecordedEvent[] = [];
  const flush = async (upTo: number) => {
    const events = batch;
    batch = [];
    const recorded = events.filter((e) => e.type === 'MemoryRecorded').map(memoryOf);
    const vectors = recorded.length > 0 ? await embedder.embed(recorded.map(embeddingText)) : [];
    const vectorOf = new Map(recorded.map((m, i) => [m.memoryId, vectors[i]!]));
    const changes: MemoryIndexChange[] = events.map((e) => {
      const memoryId = e.stream.slice('memory-'.length);
      return e.type === 'MemoryRecorded'
        ? { kind: 'upsert', position: e.position, memory: memoryOf(e), vector: vectorOf.get(memoryId)! }
        : { kind: 'remove', position: e.position, memoryId };
    });
    const to: MemoryIndexCheckpoint = { position: upTo, ...space };
    if (!(await index.apply(changes, to)))
      throw new Error(`the memory index was switched to another embedder by another process while ${space.embedder} was folding it`);
    applied += events.length;
    report(log, options, from, upTo, head);
  };
  for await (const event of log.readAll({ fromPosition: from, filter: { eventTypes: memoryEventTypes } })) {
    if (event.position > head) break;
    batch.push(event);
    if (batch.length >= batchSize) await flush(event.position);
  }
  await flush(head);
  return { applied, position: head, rebuilt };
};

/** Folds the index again from position 0, embedding every memory again (`swarm rebuild`). */
export const rebuildMemoryIndex = async (
  log: EventStore,
  index: MemoryVectorIndex,
  embedder: Embedder,
  options: { readonly batchSize?: number; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<MemoryIndexCatchUp> => {
  await index.reset({ position: 0, version: memoryIndexVersion, embedder: embedder.id }, await index.checkpoint());
  return { ...(await catchUpMemoryIndex(log, index, embedder, options)), rebuilt: true };
};

/** The word index's space: its version and tokenizer (a change of either rebuilds it). */
export const wordIndexSpace = (tokenizer: string) => ({ version: memoryIndexVersion, embedder: tokenizer });

/**
 * Brings the word index up to date with the log, as catchUpMemoryIndex does the vector index (no embedding: the
 * index tokenizes the text itself). Rebuilt from position 0 when built by another tokenizer or version, or from a
 * log that has since been replaced.
 */
export const catchUpWordIndex = async (
  log: EventStore,
  index: MemoryWordIndex,
  options: { readonly batchSize?: number; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<MemoryIndexCatchUp> => {
  const space = wordIndexSpace(index.tokenizer);
  let seen = await index.checkpoint();
  const head = await log.headPosition();
  let rebuilt = false;
  if (!seen || seen.version !== space.version || seen.embedder !== space.embedder || seen.position > head) {
    await index.reset({ position: 0, ...space }, seen);
    seen = await index.checkpoint();
    rebuilt = true;
  }
  const from = seen!.position;
  if (from >= head) return { applied: 0, position: from, rebuilt };
  const batchSize = options.batchSize ?? 1024;
  let applied = 0;
  let batch: MemoryTextChange[] = [];
  const flush = async (upTo: number) => {
    const changes = batch;
    batch = [];
    if (!(await index.apply(changes, { position: upTo, ...space }))) throw new Error('the memory word index was switched to another tokenizer by another process');
    applied += changes.length;
    report(log, options, from, upTo, head);
  };
  for await (const e of log.readAll({ fromPosition: from, filter: { eventTypes: memoryEventTypes } })) {
    if (e.position > head) break;
    batch.push(
      e.type === 'MemoryRecorded'
        ? { kind: 'upsert', position: e.position, memory: memoryOf(e) }
        : { kind: 'remove', position: e.position, memoryId: e.stream.slice('memory-'.length) },
    );
    if (batch.length >= batchSize) await flush(e.position);
  }
  await flush(head);
  return { applied, position: head, rebuilt };
};

/** Folds the word index again from position 0 (`swarm rebuild`). */
export const rebuildWordIndex = async (log: EventStore, index: MemoryWordIndex, options: { readonly batchSize?: number } = {}): Promise<MemoryIndexCatchUp> => {
  await index.reset({ position: 0, ...wordIndexSpace(index.tokenizer) }, await index.checkpoint());
  return { ...(await catchUpWordIndex(log, index, options)), rebuilt: true };
};
