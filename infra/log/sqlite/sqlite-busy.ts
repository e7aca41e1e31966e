/**
 * Whether an error is SQLite's "database is locked". The busy timeout makes SQLite wait for a lock, yet in WAL mode
 * a BEGIN can still fail at once in some races between connections (seen when two threads' rebuild transactions
 * met); callers wait a little and try again.
 */
export const isBusy = (e: unknown): boolean =>
  e instanceof Error && ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED'].includes((e as { code?: string }).code ?? '');

/** A pause before trying again after `isBusy`: 5–25 ms, at random, so competing connections do not retry in step. */
export const busyPauseMs = (): number => 5 + Math.random() * 20;
