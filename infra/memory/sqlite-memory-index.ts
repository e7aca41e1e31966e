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

const dot = (a: Float32Array, b: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < embeddingDimension; i++) sum += a[i]! * b[i]!;
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
 * (every vector matching the filters is scored). Filters run in SQL on indexed columns; tags through their own table.
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
    search: db
      .prepare(
        `SELECT memory_id, vector FROM memory_vectors
          WHERE (@type IS NULL OR type = @type) AND importance >= @minImportance
            AND (@tags IS NULL OR memory_id IN (SELECT memory_id FROM memory_tags WHERE tag IN (SELECT value FROM json_each(@tags))))`,
      )
      .raw(),
  };

  const clear = () => db.exec('DELETE FROM memory_vectors; DELETE FROM memory_tags; DELETE FROM memory_forgotten;');

  const reset = db.transaction((to: MemoryIndexCheckpoint, seen: MemoryIndexCheckpoint | undefined) => {
    const current = checkpoints.get();
    // Another process reset it to the same space (and perhaps folded on) since `seen` was read: nothing to do.
    if (!sameCheckpoint(current, seen) && sameSpace(current, to)) return;
    clear();
    checkpoints.set(to);
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
    return true;
  });

  return {
    location: `embedded (${path})`,
    checkpoint: async () => checkpoints.get(),
    reset: async (to, seen) => void reset.immediate(to, seen),
    apply: async (changes, to) => apply.immediate(changes, to),
    search: async (vector, { limit, filter = {} }) => {
      const top: VectorHit[] = [];
      const rows = stmt.search.iterate({
        type: filter.type ?? null,
        minImportance: filter.minImportance ?? 0,
        tags: filter.tags && filter.tags.length > 0 ? JSON.stringify(filter.tags) : null,
      }) as IterableIterator<[string, Buffer]>;
      for (const [memoryId, blob] of rows) insertTopK(top, { memoryId, score: dot(vector, blobVector(blob)) }, limit);
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
