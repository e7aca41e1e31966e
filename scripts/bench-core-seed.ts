// Queues for `npm run bench:core`: tasks appended straight to the log through the SQLite adapter (as createTask
// would write them, minus the per-task read-model lookups, so seeding thousands takes a moment), and read models
// caught up before anything is timed.
import type { EventData, EventMetadata } from '../domain/log/envelope.js';
import type { Synchronous } from '../infra/log/sqlite/sqlite-schema.js';
import { newEventId } from '../infra/log/event-ids.js';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../infra/projections/sqlite-projection-store.js';
import { projectionStorePath } from '../infra/config/store-location.js';
import { catchUp } from '../projections/engine/catch-up.js';
import { allProjections } from '../projections/all-projections.js';

export interface SeedOptions {
  /** How many tasks to create. */
  readonly tasks: number;
  readonly type: string;
  /** Share of the tasks that are already claimed and completed (history), the rest wait in the queue. */
  readonly completedShare?: number;
}

const metadata = (actor: string, correlationId: string, at: string): EventMetadata => ({
  correlationId,
  causationId: correlationId,
  actor: { kind: 'agent', id: actor },
  at,
  schemaVersion: 1,
});

/** The SWARM_STORE of an embedded log at `path` with the given durability. */
export const sqliteStoreUrl = (path: string, synchronous: Synchronous): string => `sqlite:${path}?synchronous=${synchronous.toLowerCase()}`;

/** Appends the tasks' events to the log at `path`, then folds every read model so the first timed call starts warm. */
export const seedTasks = async (path: string, synchronous: Synchronous, options: SeedOptions): Promise<string[]> => {
  const log = createSqliteEventStore({ path, synchronous });
  const ids: string[] = [];
  const start = Date.now() - options.tasks * 1000;
  for (let i = 0; i < options.tasks; i++) {
    const id = newEventId();
    const at = (s: number) => new Date(start + i * 1000 + s * 100).toISOString();
    const title = `bench product ${i}`;
    const events: EventData[] = [
      {
        id: newEventId(),
        type: 'TaskCreated',
        data: { taskId: id, type: options.type, priority: (i % 3) + 5, payload: { title }, title, createdBy: 'reviewer' },
        metadata: metadata('reviewer', id, at(0)),
      },
    ];
    if (i < options.tasks * (options.completedShare ?? 0)) {
      events.push(
        { id: newEventId(), type: 'TaskClaimed', data: { agent: 'tester', generation: 1, attempt: 1, leaseUntil: at(9000) }, metadata: metadata('tester', id, at(1)) },
        { id: newEventId(), type: 'TaskCompleted', data: { agent: 'tester', generation: 1, result: { ok: true } }, metadata: metadata('tester', id, at(2)) },
      );
    } else ids.push(id);
    const appended = await log.append(`task-${id}`, events, { expectedRevision: 'no_stream' });
    if (appended._tag === 'Left') throw new Error(appended.left.message);
  }
  const projections = createSqliteProjectionStore(projectionStorePath(`sqlite:${path}`));
  await catchUp(log, projections, allProjections);
  projections.close();
  await log.close();
  return ids;
};
