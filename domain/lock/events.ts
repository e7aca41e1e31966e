import * as t from 'io-ts';

/** A lock taken on a free path, or taken over from a holder whose lock had expired (`previousHolder`). */
export const LockAcquired = t.type({
  type: t.literal('LockAcquired'),
  data: t.intersection([
    t.type({ path: t.string, holder: t.string, acquiredAt: t.string, expiresAt: t.string }),
    t.partial({ previousHolder: t.string }),
  ]),
});

/** The holder asked again before its lock expired: the expiry moves forward. */
export const LockRefreshed = t.type({
  type: t.literal('LockRefreshed'),
  data: t.type({ path: t.string, holder: t.string, expiresAt: t.string }),
});

export const LockReleased = t.type({
  type: t.literal('LockReleased'),
  data: t.type({ path: t.string, holder: t.string }),
});

/** The system noticed the lock is past its expiry and cleared it. */
export const LockExpired = t.type({
  type: t.literal('LockExpired'),
  data: t.type({ path: t.string, holder: t.string, expiresAt: t.string }),
});

export const LockEventCodec = t.union([LockAcquired, LockRefreshed, LockReleased, LockExpired]);
export type LockEvent = t.TypeOf<typeof LockEventCodec>;
export const lockEventTypes = ['LockAcquired', 'LockRefreshed', 'LockReleased', 'LockExpired'] as const;
