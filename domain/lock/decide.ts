import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../errors.js';
import type { LockCommand } from './commands.js';
import type { LockEvent } from './events.js';
import { expiryAfter, isExpired } from './expiry.js';
import type { LockState } from './state.js';

export interface LockContext extends DecisionContext {
  /** TTL used when the command gives none (settings `locks.ttlSeconds`, 300 s by default). */
  readonly defaultTtlSeconds: number;
}

/** A day: a lock is a short claim on a file while an agent edits it, not a reservation. */
export const maxLockTtlSeconds = 86_400;

const checkPath = (path: string): DomainError | undefined =>
  path.trim() === '' ? invalid('path: a lock needs a file path', { field: 'path' })
  : path.length > 4096 ? invalid('path: longer than 4096 characters', { field: 'path' })
  : undefined;

/** The holder is who asks: the agent of the run, or the human at the terminal. */
export const decide = (cmd: LockCommand, s: LockState, ctx: LockContext): Either<DomainError, LockEvent[]> => {
  const pathError = checkPath(cmd.path);
  if (pathError) return left(pathError);
  const me = ctx.actor.id;
  switch (cmd.type) {
    case 'AcquireLock': {
      const ttl = cmd.ttlSeconds ?? ctx.defaultTtlSeconds;
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > maxLockTtlSeconds)
        return left(invalid(`ttlSeconds: expected a whole number of seconds from 1 to ${maxLockTtlSeconds}, got ${ttl}`, { field: 'ttlSeconds' }));
      const expiresAt = expiryAfter(ctx.now, ttl);
      const held = s.holder !== undefined && !isExpired(s.expiresAt!, ctx.now);
      if (held && s.holder === me) return right([{ type: 'LockRefreshed', data: { path: cmd.path, holder: me, expiresAt } }]);
      if (held)
        return left(conflict(`${cmd.path} is locked by ${s.holder} until ${s.expiresAt}`, { details: { holder: s.holder, expiresAt: s.expiresAt } }));
      const takenOver = s.holder !== undefined ? { previousHolder: s.holder } : {};
      return right([{ type: 'LockAcquired', data: { path: cmd.path, holder: me, acquiredAt: ctx.now, expiresAt, ...takenOver } }]);
    }
    case 'ReleaseLock':
      if (s.holder === undefined) return left(notFound(`${cmd.path} is not locked`, { field: 'path' }));
      // Even an expired lock is released only by its holder: anyone else just acquires (takes it over).
      if (s.holder !== me) return left(forbidden(`${cmd.path} is locked by ${s.holder}; only the holder releases it`, { details: { holder: s.holder } }));
      return right([{ type: 'LockReleased', data: { path: cmd.path, holder: me } }]);
    case 'ExpireLock':
      if (ctx.actor.kind !== 'system') return left(forbidden('only the system expires locks; release your own lock instead'));
      if (s.holder === undefined) return right([]);
      if (!isExpired(s.expiresAt!, ctx.now)) return left(conflict(`${cmd.path} is held by ${s.holder} until ${s.expiresAt}`));
      return right([{ type: 'LockExpired', data: { path: cmd.path, holder: s.holder, expiresAt: s.expiresAt! } }]);
    default: {
      const unknownCommand: never = cmd;
      return unknownCommand;
    }
  }
};
