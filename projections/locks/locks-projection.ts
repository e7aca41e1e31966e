import type { RecordedEvent } from '../../domain/log/envelope.js';
import { lockEventTypes, type LockEvent } from '../../domain/lock/index.js';
import type { DocWriter, Projection } from '../engine/projection.js';

export interface LockView {
  readonly path: string;
  readonly holder: string;
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

/** Collections: `locks` by path (held locks, expired ones until the cleanup clears them) and `by-holder` (`holder|path`). */
export const lockCollections = { locks: 'locks', byHolder: 'by-holder' } as const;

const drop = (docs: DocWriter, path: string, holder: string) => {
  const held = docs.get<LockView>(lockCollections.locks, path);
  if (!held || held.holder !== holder) return; // already gone, or someone else's by now
  docs.delete(lockCollections.locks, path);
  docs.delete(lockCollections.byHolder, `${holder}|${path}`);
};

/** Held file locks (SPEC §3.2). Whether a lock is still active depends on the time of the query, not of the fold. */
export const locksProjection: Projection = {
  name: 'locks',
  version: 1,
  eventTypes: lockEventTypes,
  apply: (docs, recorded: RecordedEvent) => {
    const event = { type: recorded.type, data: recorded.data } as LockEvent;
    switch (event.type) {
      case 'LockAcquired': {
        const { path, holder, acquiredAt, expiresAt } = event.data;
        const before = docs.get<LockView>(lockCollections.locks, path);
        if (before) docs.delete(lockCollections.byHolder, `${before.holder}|${path}`);
        const view: LockView = { path, holder, acquiredAt, expiresAt };
        docs.put(lockCollections.locks, path, view);
        docs.put(lockCollections.byHolder, `${holder}|${path}`, view);
        return;
      }
      case 'LockRefreshed': {
        const held = docs.get<LockView>(lockCollections.locks, event.data.path);
        if (!held || held.holder !== event.data.holder) return;
        const view: LockView = { ...held, expiresAt: event.data.expiresAt };
        docs.put(lockCollections.locks, held.path, view);
        docs.put(lockCollections.byHolder, `${held.holder}|${held.path}`, view);
        return;
      }
      case 'LockReleased':
      case 'LockExpired':
        drop(docs, event.data.path, event.data.holder);
        return;
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  },
};
