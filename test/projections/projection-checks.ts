import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';
import type { Projection, ProjectionStore } from '../../projections/engine/projection.js';

const history = async (log: EventStore, projection: Projection): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const e of log.readAll({ filter: { eventTypes: projection.eventTypes } })) events.push(e);
  return events;
};

const fold = (projection: Projection, events: readonly RecordedEvent[], store = createMemoryProjectionStore()) => {
  store.write((tx) => {
    const docs = tx.docs(projection.name);
    for (const e of events) projection.apply(docs, e);
  });
  return store;
};

/** A rebuild from position 0 deep-equals the live model kept up to date along the way. */
export const assertRebuildEqualsLive = async (log: EventStore, live: ProjectionStore, projection: Projection) => {
  await catchUp(log, live, [projection]);
  const rebuilt = createMemoryProjectionStore();
  await catchUp(log, rebuilt, [projection]);
  assert.equal(rebuilt.dump(projection.name), live.dump(projection.name));
};

/** Each event delivered twice in a row, or the whole history delivered again, changes nothing. */
export const assertRedeliveryChangesNothing = async (log: EventStore, projection: Projection) => {
  const events = await history(log, projection);
  const once = fold(projection, events).dump(projection.name);
  assert.equal(fold(projection, events.flatMap((e) => [e, e])).dump(projection.name), once, 'each event twice');
  const again = fold(projection, events);
  assert.equal(fold(projection, events, again).dump(projection.name), once, 'the whole history again');
};
