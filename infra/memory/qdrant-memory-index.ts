import { QdrantClient } from '@qdrant/js-client-rest';
import { createHash } from 'node:crypto';
import { embeddingDimension } from '../../processes/memory/embedder.js';
import type { IndexedMemory, MemoryFilter, MemoryIndexCheckpoint, MemoryVectorIndex } from '../../processes/memory/memory-vector-index.js';
import { indexCheckpoints, openMemoryIndexDatabase, sameCheckpoint, sameSpace } from './memory-index-database.js';

export interface QdrantMemoryIndexOptions {
  /** `QDRANT_URL`, e.g. `http://127.0.0.1:6333`. */
  readonly url: string;
  readonly apiKey?: string;
  /** `QDRANT_COLLECTION`, default `swarmlog_memory`. */
  readonly collection: string;
  /** The local file keeping this collection's checkpoint (see memory-index-database.ts). */
  readonly checkpointsPath: string;
}

export const defaultQdrantCollection = 'swarmlog_memory';

/** Qdrant point ids are UUIDs or integers; a memory id is any text, so its point id is a UUID derived from it. */
export const pointIdOf = (memoryId: string): string => {
  const h = createHash('sha1').update(`swarmlog-memory:${memoryId}`).digest('hex');
  // Shaped as a name-based (version 5) UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
};

const qdrantFilter = (filter: MemoryFilter) => {
  const must = [
    ...(filter.type ? [{ key: 'type', match: { value: filter.type } }] : []),
    ...(filter.minImportance !== undefined ? [{ key: 'importance', range: { gte: filter.minImportance } }] : []),
    ...(filter.tags && filter.tags.length > 0 ? [{ key: 'tags', match: { any: [...filter.tags] } }] : []),
  ];
  return must.length > 0 ? { must } : undefined;
};

/** The point payload the original kept (MEM-12), plus who recorded it and the memory's id. */
const payloadOf = (m: IndexedMemory) => ({
  memoryId: m.memoryId,
  type: m.type,
  content: m.content,
  tags: [...m.tags],
  importance: m.importance,
  incomePotential: m.incomePotential,
  by: m.by,
  at: m.at,
});

/**
 * Long-term memory in Qdrant (`QDRANT_URL`), through `@qdrant/js-client-rest`: a cosine collection of 384-dimension
 * points, created when missing. Writes are idempotent (upsert and delete by point id), so folding a batch twice after
 * a crash is harmless; the checkpoint is kept locally and written after Qdrant acknowledged the batch.
 */
export const createQdrantMemoryIndex = (options: QdrantMemoryIndexOptions): MemoryVectorIndex => {
  const client = new QdrantClient({
    url: options.url,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    // A CLI call lives for a moment: no extra version request on every start.
    checkCompatibility: false,
    timeout: 30_000,
  });
  const { collection } = options;
  /** Says which Qdrant failed and how ("fetch failed" alone does not tell a person where to look). */
  const reach = async <A>(work: () => Promise<A>): Promise<A> => {
    try {
      return await work();
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = [(e as Error).message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
      throw new Error(`Qdrant at ${options.url} (collection ${collection}): ${why}`, { cause: e });
    }
  };
  const db = openMemoryIndexDatabase(options.checkpointsPath);
  const checkpoints = indexCheckpoints(db, `qdrant:${options.url}#${collection}`);

  const create = async () => {
    try {
      await client.createCollection(collection, { vectors: { size: embeddingDimension, distance: 'Cosine' } });
    } catch (e) {
      // Another process created it first.
      if (!(await client.collectionExists(collection)).exists) throw e;
    }
  };

  let ready: Promise<void> | undefined;
  const ensureCollection = () =>
    (ready ??= (async () => {
      if (!(await client.collectionExists(collection)).exists) {
        await create();
        // A new (or wiped) collection holds nothing, whatever the local checkpoint says: fold from 0 again.
        db.prepare('DELETE FROM index_checkpoints WHERE target = ?').run(`qdrant:${options.url}#${collection}`);
        return;
      }
      const info = await client.getCollection(collection);
      const vectors = info.config.params.vectors as { size?: number; distance?: string } | undefined;
      if (vectors?.size !== embeddingDimension || vectors.distance !== 'Cosine')
        throw new Error(
          `Qdrant collection "${collection}" at ${options.url} holds ${vectors?.size ?? 'named'}-dimension ${vectors?.distance ?? ''} vectors; ` +
            `swarmlog needs ${embeddingDimension}-dimension Cosine: set QDRANT_COLLECTION to another name`,
        );
    })().catch((e) => {
      ready = undefined;
      throw e;
    }));

  return {
    location: `qdrant (${options.url}, collection ${collection})`,
    kind: 'qdrant',
    checkpoint: async () => {
      await reach(ensureCollection);
      return checkpoints.get();
    },
    reset: async (to, seen) => {
      await reach(ensureCollection);
      const current = checkpoints.get();
      if (!sameCheckpoint(current, seen) && sameSpace(current, to)) return;
      await reach(async () => {
        await client.deleteCollection(collection);
        await create();
      });
      checkpoints.set(to);
    },
    apply: async (changes, to: MemoryIndexCheckpoint) => {
      await reach(ensureCollection);
      const current = checkpoints.get();
      if (!sameSpace(current, to)) return false;
      // Each memory's last change wins within the batch; a memory forgotten in it is not upserted first.
      const last = new Map<string, (typeof changes)[number]>();
      for (const c of changes) if (c.position > current!.position) last.set(c.kind === 'upsert' ? c.memory.memoryId : c.memoryId, c);
      const upserts = [...last.values()].flatMap((c) => (c.kind === 'upsert' ? [c] : []));
      const removals = [...last.values()].flatMap((c) => (c.kind === 'remove' ? [c.memoryId] : []));
      if (upserts.length > 0)
        await reach(() =>
          client.upsert(collection, {
            wait: true,
            points: upserts.map((c) => ({ id: pointIdOf(c.memory.memoryId), vector: [...c.vector], payload: payloadOf(c.memory) })),
          }),
        );
      if (removals.length > 0) await reach(() => client.delete(collection, { wait: true, points: removals.map(pointIdOf) }));
      // Another process may have moved the checkpoint on meanwhile: never move it back.
      db.transaction(() => {
        const now = checkpoints.get();
        if (sameSpace(now, to) && now!.position < to.position) checkpoints.set(to);
      }).immediate();
      return true;
    },
    search: async (vector, { limit, filter = {} }) => {
      const found = await reach(() =>
        client.query(collection, {
          query: [...vector],
          limit,
          with_payload: ['memoryId'],
          ...(qdrantFilter(filter) ? { filter: qdrantFilter(filter) } : {}),
        }),
      );
      return found.points.map((p) => ({ memoryId: String((p.payload as { memoryId?: unknown } | null)?.memoryId ?? p.id), score: p.score }));
    },
    close: async () => void db.close(),
  };
};
