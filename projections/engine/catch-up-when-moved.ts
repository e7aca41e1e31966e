import type { EventStore } from '../../domain/log/event-store.js';
import { catchUp } from './catch-up.js';
import type { Projection, ProjectionStore } from './projection.js';

/**
 * `catchUp` for a process that calls it very often (before each event a process manager handles, after each event
 * the swarm follows): skipped, for the price of reading the log's head, when the head has not moved since the last
 * catch-up made through it ended — the read models are then current up to it (checkpoints only move forward). A
 * restart that hands its process managers a thousand events spent most of its 0.5 s reading every read model's
 * checkpoint before each of them.
 */
export const catchUpWhenMoved = (log: EventStore, store: ProjectionStore, projections: readonly Projection[]): (() => Promise<void>) => {
  let current: number | undefined;
  return async () => {
    const head = await log.headPosition();
    if (head === current) return;
    await catchUp(log, store, projections, { upTo: head });
    current = head;
  };
};
