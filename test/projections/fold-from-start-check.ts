import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { createMemoryDocs, memoryWriter, sortedDocs } from '../../projections/engine/memory-docs.js';
import type { Projection } from '../../projections/engine/projection.js';

/** A recorded event for fold checks: position `i + 1`, recorded `minutes` after 2026-11-24T00:00Z. */
export const recordedAt = (i: number, minutes: number, stream: string, type: string, data: unknown): RecordedEvent =>
  ({
    id: `e${i}`,
    type,
    data,
    metadata: {
      at: new Date(Date.UTC(2026, 10, 24) + minutes * 60_000).toISOString(),
      actor: { kind: 'system', id: 'test' },
      correlationId: `c${i}`,
      causationId: `c${i}`,
    },
    stream,
    revision: 0,
    position: i + 1,
  }) as RecordedEvent;

/**
 * The projection's fold from position 0 gives the very documents, in the same order and with the same property
 * order, as `apply` event by event, also when one event is delivered again (`redeliver`: its index).
 */
export const assertFoldFromStartEqualsApply = (projection: Projection, events: readonly RecordedEvent[], redeliver?: number) => {
  const docs = createMemoryDocs();
  const writer = memoryWriter(docs);
  const fold = projection.foldFromStart!();
  for (const e of events) {
    projection.apply(writer, e);
    fold.apply(e);
  }
  if (redeliver !== undefined) {
    projection.apply(writer, events[redeliver]!);
    fold.apply(events[redeliver]!);
  }
  const applied = sortedDocs(docs);
  assert.ok(applied.length > 0);
  assert.is(JSON.stringify(fold.documents()), JSON.stringify(applied));
  if (fold.serializedDocuments) assert.equal(fold.serializedDocuments(), applied.map(([c, ds]) => [c, ds.map(([k, d]) => [k, JSON.stringify(d)])]));
};
