/**
 * Whether an error is SQLite's "database is locked". The busy timeout makes SQLite wait for a lock, yet in WAL mode
 * a BEGIN can still fail at once in some races between connections (seen when two threads' rebuild transactions
 * met); callers wait a little and try again.
 */
export const isBusy = (e: unknown): boolean =>
  e instanceof Error && ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED'].includes((e as { code?: string }).code ?? '');

/** A pause before trying again after `isBusy`: 5–25 ms, at random, so competing connections do not retry in step. */
export const busyPauseMs = (): number => 5 + Math.random() * 20;

/**
 * Runs `work` again while SQLite answers busy, pausing between tries (blocking: for the synchronous set-up of a
 * connection), until `timeoutMs` has passed. Switching a file to WAL needs a moment's exclusive lock that the busy
 * timeout does not wait for: two processes opening one new file together (two `swarm up` on a fresh home) met it.
 */
export const retryWhileBusy = <T>(work: () => T, timeoutMs = 60_000): T => {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return work();
    } catch (e) {
      if (!isBusy(e) || Date.now() > deadline) throw e;
      Atomics.wait(pause, 0, 0, busyPauseMs());
    }
  }
};
