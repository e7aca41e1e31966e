import * as t from 'io-ts';

const Path = t.string;

/** Take (or refresh) the lock on `path` for the actor; `ttlSeconds` defaults to the configured lock TTL. */
export const AcquireLock = t.intersection([
  t.type({ type: t.literal('AcquireLock'), path: Path }),
  t.partial({ ttlSeconds: t.number }),
]);
export const ReleaseLock = t.type({ type: t.literal('ReleaseLock'), path: Path });
/** Clear a lock that is past its expiry (the lock cleanup process). */
export const ExpireLock = t.type({ type: t.literal('ExpireLock'), path: Path });

export const LockCommandCodec = t.union([AcquireLock, ReleaseLock, ExpireLock]);
export type LockCommand = t.TypeOf<typeof LockCommandCodec>;
