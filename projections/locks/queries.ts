import type { DocReader } from '../engine/projection.js';
import { lockCollections, type LockView } from './locks-projection.js';

const active = (now: string) => (l: LockView) => Date.parse(l.expiresAt) > Date.parse(now);

/** Locks in force at `now` (expired ones are left out until the cleanup clears them), optionally of one holder. */
export const activeLocks = (reader: DocReader, now: string, options: { holder?: string } = {}): LockView[] =>
  (options.holder === undefined
    ? reader.all<LockView>(lockCollections.locks)
    : reader.page<LockView>(lockCollections.byHolder, { prefix: `${options.holder}|` })
  ).filter(active(now));

/** Locks past their expiry that nobody has cleared yet (for the lock cleanup process). */
export const expiredLocks = (reader: DocReader, now: string): LockView[] =>
  reader.all<LockView>(lockCollections.locks).filter((l) => !active(now)(l));

export const lockOn = (reader: DocReader, path: string): LockView | undefined => reader.get<LockView>(lockCollections.locks, path);
