import type { MemoryType } from '../../domain/memory/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { DocWriter, Projection } from '../engine/projection.js';

export interface MemoryRecord {
  readonly memoryId: string;
  readonly type: MemoryType;
  readonly content: string;
  readonly tags: readonly string[];
  readonly importance: number;
  readonly incomePotential: number;
  readonly by: string;
  readonly at: string;
}

/** Index key: most important first, then oldest first. */
export const importanceKey = (r: Pick<MemoryRecord, 'importance' | 'at' | 'memoryId'>) => `${String(10 - r.importance).padStart(2, '0')}|${r.at}|${r.memoryId}`;

/** Long-term memory records (SPEC §3.8), without their forgotten ones; the vector index is built from the same events. */
export const memoryRecordsProjection: Projection = {
  name: 'memory-records',
  version: 1,
  eventTypes: ['MemoryRecorded', 'MemoryForgotten'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    const memoryId = e.stream.slice('memory-'.length);
    if (e.type === 'MemoryRecorded') {
      // A tombstone keeps a redelivered MemoryRecorded from bringing a forgotten memory back.
      if (docs.get('forgotten', memoryId)) return;
      const d = e.data as Omit<MemoryRecord, 'at'>;
      const record: MemoryRecord = { ...d, at: e.metadata.at };
      docs.put('records', memoryId, record);
      docs.put('by-importance', importanceKey(record), { memoryId });
      return;
    }
    docs.put('forgotten', memoryId, { at: e.metadata.at });
    const record = docs.get<MemoryRecord>('records', memoryId);
    if (!record) return;
    docs.delete('records', memoryId);
    docs.delete('by-importance', importanceKey(record));
  },
};
