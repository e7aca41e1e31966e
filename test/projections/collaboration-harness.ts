import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import type { Actor, RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';
import type { DocReader, Projection, ProjectionStore } from '../../projections/engine/projection.js';

/**
 * A real SQLite log and a SQLite projection store in a temp dir, for one projection: append domain events, fold them
 * live (catching up after every append, as queries do), and check the two properties every projection must have.
 */
export const projectionHarness = (projection: Projection) => {
  const dir = mkdtempSync(join(tmpdir(), `swarmlog-${projection.name}-`));
  const log: EventStore = createSqliteEventStore({ path: join(dir, 'swarm.db') });
  const live: ProjectionStore = createSqliteProjectionStore(join(dir, 'projections.db'));
  let clock = Date.parse('2026-01-01T00:00:00.000Z');
  return {
    log,
    /** Appends one event to `stream` at the next minute of a fake clock (or at `at`), then catches the live model up. */
    async append(stream: string, type: string, data: unknown, options: { at?: string; actor?: Actor } = {}): Promise<void> {
      clock += 60_000;
      const at = options.at ?? new Date(clock).toISOString();
      const actor = options.actor ?? { kind: 'agent', id: 'hunter' };
      const appended = await log.append(stream, [{ id: newEventId(), type, data, metadata: { correlationId: 'c', causationId: 'c', actor, at, schemaVersion: 1 } }]);
      if (appended._tag === 'Left') throw new Error(appended.left.message);
      await catchUp(log, live, [projection]);
    },
    reader: (): DocReader => live.reader(projection.name),
    /** Applying every event a second time changes nothing (redelivery). */
    async assertRedeliveryChangesNothing(): Promise<void> {
      const once = createMemoryProjectionStore();
      const events: RecordedEvent[] = [];
      for await (const e of log.readAll({ fromPosition: 0 })) if (projection.eventTypes.includes(e.type)) events.push(e);
      once.write((tx) => events.forEach((e) => projection.apply(tx.docs(projection.name), e)));
      const before = once.dump(projection.name);
      once.write((tx) => events.forEach((e) => projection.apply(tx.docs(projection.name), e)));
      assert.equal(once.dump(projection.name), before);
      once.write((tx) => events.forEach((e) => { projection.apply(tx.docs(projection.name), e); projection.apply(tx.docs(projection.name), e); }));
      assert.equal(once.dump(projection.name), before);
    },
    /** A rebuild from position 0 equals the live model folded event by event. */
    async assertRebuildEqualsLive(): Promise<void> {
      const rebuilt = createMemoryProjectionStore();
      await catchUp(log, rebuilt, [projection]);
      assert.equal(rebuilt.dump(projection.name), live.dump(projection.name));
    },
    async close(): Promise<void> {
      live.close();
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
