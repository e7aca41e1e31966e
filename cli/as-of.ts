import type { EventStore } from '../domain/log/event-store.js';
import { catchUp, type CatchUpResult } from '../projections/engine/catch-up.js';
import { freshReader } from '../projections/engine/fresh-reader.js';
import { createMemoryProjectionStore } from '../projections/engine/memory-projection-store.js';
import type { DocReader, Projection, ProjectionStore } from '../projections/engine/projection.js';
import { badInput } from './cli-failure.js';

/** A point in history: a global position (inclusive) or an ISO time (events recorded at or before it). */
export type AsOf = { readonly position: number } | { readonly time: string };

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export const parseAsOf = (text: string | undefined, flag = '--as-of'): AsOf | undefined => {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return { position: Number(text) };
  if (ISO.test(text) && !Number.isNaN(Date.parse(text))) return { time: new Date(Date.parse(text)).toISOString() };
  throw badInput(`${flag}: expected a log position (a whole number) or an ISO time such as 2026-11-24T12:00:00Z, got "${text}"`, { field: flag });
};

/**
 * A reader of `projection`: the live read model caught up to now, or, with `asOf`, the model folded from position 0
 * up to that point in a throw-away in-memory store (history is never rewritten).
 */
export const readModel = async (log: EventStore, store: ProjectionStore, projection: Projection, asOf?: AsOf): Promise<DocReader> => {
  if (!asOf) return freshReader(log, store, projection);
  return (await foldedAsOf(log, [projection], asOf)).store.reader(projection.name);
};

/** Read models folded from position 0 up to a point, in a throw-away in-memory store: the live ones are not touched. */
export const foldedAsOf = async (log: EventStore, projections: readonly Projection[], asOf: AsOf): Promise<{ store: ProjectionStore; result: CatchUpResult }> => {
  const past = createMemoryProjectionStore();
  const result = await catchUp(log, past, projections, 'position' in asOf ? { upTo: Math.min(asOf.position, await log.headPosition()) } : { untilTime: asOf.time });
  return { store: past, result };
};
