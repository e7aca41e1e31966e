import type { EventStore } from '../../domain/log/event-store.js';
import { catchUp } from './catch-up.js';
import type { DocReader, Projection, ProjectionStore } from './projection.js';

/**
 * A reader of `projection` that has seen every event appended before the call (SPEC §4: queries are never stale
 * to the one asking, whether or not `swarm up` is running): catch up, then read.
 */
export const freshReader = async (log: EventStore, store: ProjectionStore, projection: Projection): Promise<DocReader> => {
  await catchUp(log, store, [projection]);
  return store.reader(projection.name);
};
