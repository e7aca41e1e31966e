import type Database from 'better-sqlite3';
import { embeddingDimension } from '../../processes/memory/embedder.js';
import type { IndexedMemory, MemoryIndexCheckpoint, MemoryVectorIndex, VectorHit } from '../../processes/memory/memory-vector-index.js';
import { indexCheckpoints, openMemoryIndexDatabase, sameCheckpoint, sameSpace } from './memory-index-database.js';

const vectorBlob = (v: Float32Array): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** A view on the stored floats when the blob is aligned, else a copy (a Float32Array needs 4-byte alignment). */
const blobVector = (blob: Buffer): Float32Array =>
  blob.byteOffset % 4 === 0
    ? new Float32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4)
    : new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));

/** The dot product of `a` with the vector at `offset` in `all` (unit vectors: their cosine). */
const dotAt = (a: Float32Array, all: Float32Array, offset: number): number => {
  let sum = 0;
  for (let i = 0; i < embeddingDimension; i++) sum += a[i]! * all[offset + i]!;
  return sum;
};

/** Keeps the k best hits seen so far, best first; ties go to the smaller id so results are deterministic. */
const better = (a: VectorHit, b: VectorHit) => a.score > b.score || (a.score === b.score && a.memoryId < b.memoryId);
const insertTopK = (top: VectorHit[], hit: VectorHit, k: number) => {
  if (top.length === k && !better(hit, top[k - 1]!)) return;
  let i = top.length;
  while (i > 0 && better(hit, top[i - 1]!)) i--;
  top.splice(i, 0, hit);
  if (top.length > k) top.pop();
};

export interface SqliteMemoryIndex extends MemoryVectorIndex {
  /** Every stored row, for comparing a rebuild with the live index. */
  dump(): { checkpoint: MemoryIndexCheckpoint | undefined; memories: unknown[]; tags: unknown[]; forgotten: string[] };
}

/**
 * The embedded long-term memory index (the default): vectors as float32 BLOBs in SQLite, searched by brute force
 * (every vector matching the filters is scored, from an in-memory copy kept while the file does not change).
 * Over 10,000 memories: about 5 ms per search once loaded, 70–120 ms for a first search that loads (a CLI call), on
 * the 2-core reference machine (scripts/bench-memory.ts); brute force stays well under a second up to ~100,000.
 */
export const createSqliteMemoryIndex = (path: string): SqliteMemoryIndex => {
  const db: Database.Database = openMemoryIndexDatabase(path);
  const checkpoints = indexCheckpoints(db, 'embedded');
  const stmt = {
    forgotten: db.prepare('SELECT 1 FROM memory_forgotten WHERE memory_id = ?').pluck(),
    forget: db.prepare('INSERT OR IGNORE INTO memory_forgotten (memory_id) VALUES (?)'),
    upsert: db.prepare(
      'INSERT INTO memory_vectors (memory_id, type, importance, memory, vector) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (memory_id) DO UPDATE SET type = excluded.type, importance = excluded.importance, memory = excluded.memory, vector = excluded.vector',
    ),
    deleteVector: db.prepare('DELETE FROM memory_vectors WHERE memory_id = ?'),
    deleteTags: db.prepare('DELETE FROM memory_tags WHERE memory_id = ?'),
    addTag: db.prepare('INSERT OR IGNORE INTO memory_tags (tag, memory_id) VALUES (?, ?)'),
    loadVectors: db.prepare('SELECT memory_id, type, importance, vector FROM memory_vectors ORDER BY memory_id').raw(),
    loadTags: db.prepare('SELECT memory_id, tag FROM memory_tags').raw(),
    dataVersion: db.prepare('PRAGMA data_version').pluck(),
  };

  /**
   * Every vector, held in memory between searches of a long-lived process (`swarm up` asks for relevant memories
   * on every run): reloaded only when this connection wrote or SQLite's data_version says another one did.
   */
  interface Loaded {
    readonly ids: string[];
    readonly types: string[];
    readonly importance: number[];
    readonly tags: Map<string, Set<string>>;
    readonly vectors: Float32Array;
  }
  let loaded: { readonly version: number; readonly writes: number; readonly data: Loaded } | undefined;
  let ownWrites = 0;
  const vectorsNow = (): Loaded => {
    const version = stmt.dataVersion.get() as number;
    if (loaded && loaded.version === version && loaded.writes === ownWrites) return loaded.data;
    const rows = stmt.loadVectors.all() as [string, string, number, Buffer][];
    const vectors = new Float32Array(rows.length * embeddingDimension);
    rows.forEach(([, , , blob], i) => vectors.set(blobVector(blob), i * embeddingDimension));
    const tags = new Map<string, Set<string>>();
    for (const [memoryId, tag] of stmt.loadTags.all() as [string, string][]) {
      let set = tags.get(memoryId);
      if (!set) tags.set(memoryId, (set = new Set()));
      set.add(tag);
    }
    const data = { ids: rows.map((r) => r[0]), types: rows.map((r) => r[1]), importance: rows.map((r) => r[2]), tags, vectors };
    loaded = { version, writes: ownWrites, data };
    return data;
  };

  const clear = () => db.exec('DELETE FROM memory_vectors; DELETE FROM memory_tags; DELETE FROM memory_forgotten;');

  const reset = db.transaction((to: MemoryIndexCheckpoint, seen: MemoryIndexCheckpoint | undefined) => {
    const current = checkpoints.get();
    // Another process reset it to the same space (and perhaps folded on) since `seen` was read: nothing to do.
    if (!sameCheckpoint(current, seen) && sameSpace(current, to)) return;
    clear();
    checkpoints.set(to);
    ownWrites++;
  });

  const remove = (memoryId: string) => {
    stmt.forget.run(memoryId);
    stmt.deleteVector.run(memoryId);
    stmt.deleteTags.run(memoryId);
  };
  const upsert = (memory: IndexedMemory, vector: Float32Array) => {
    // A tombstone keeps a redelivered MemoryRecorded from bringing a forgotten memory back.
    if (stmt.forgotten.get(memory.memoryId)) return;
    stmt.upsert.run(memory.memoryId, memory.type, memory.importance, JSON.stringify(memory), vectorBlob(vector));
    stmt.deleteTags.run(memory.memoryId);
    for (const tag of memory.tags) stmt.addTag.run(tag, memory.memoryId);
  };

  const apply = db.transaction((changes: Parameters<MemoryVectorIndex['apply']>[0], to: MemoryIndexCheckpoint): boolean => {
    const current = checkpoints.get();
    if (!sameSpace(current, to)) return false;
    const after = current!.position;
    for (const c of changes) {
      if (c.position <= after) continue;
      if (c.kind === 'upsert') upsert(c.memory, c.vector);
      else remove(c.memoryId);
    }
    if (to.position > after) checkpoints.set(to);
    ownWrites++;
    return true;
  });

  return {
    location: `embedded (${path})`,
    kind: 'embedded',
    checkpoint: async () => checkpoints.get(),
    reset: async (to, seen) => void reset.immediate(to, seen),
    apply: async (changes, to) => apply.immediate(changes, to),
    search: async (vector, { limit, filter = {} }) => {
      const { ids, types, importance, tags, vectors } = vectorsNow();
      const wanted = filter.tags && filter.tags.length > 0 ? filter.tags : undefined;
      const top: VectorHit[] = [];
      for (let i = 0; i < ids.length; i++) {
        if (filter.type && types[i] !== filter.type) continue;
        if (filter.minImportance !== undefined && importance[i]! < filter.minImportance) continue;
        if (wanted && !wanted.some((t) => tags.get(ids[i]!)?.has(t))) continue;
        insertTopK(top, { memoryId: ids[i]!, score: dotAt(vector, vectors, i * embeddingDimension) }, limit);
      }
      return top;
    },
    dump: () => ({
      checkpoint: checkpoints.get(),
      memories: (db.prepare('SELECT memory_id, type, importance, memory, vector FROM memory_vectors ORDER BY memory_id').raw().all() as [string, string, number, string, Buffer][]).map(
        ([memoryId, type, importance, memory, vector]) => ({ memoryId, type, importance, memory: JSON.parse(memory), vector: [...blobVector(vector)] }),
      ),
      tags: db.prepare('SELECT tag, memory_id FROM memory_tags ORDER BY tag, memory_id').raw().all(),
      forgotten: db.prepare('SELECT memory_id FROM memory_forgotten ORDER BY memory_id').pluck().all() as string[],
    }),
    close: async () => void db.close(),
  };
};
