import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
import { lockDecider, lockStream, type LockCommand, type LockContext } from '../../domain/lock/index.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { locksProjection, type LockView } from '../../projections/locks/locks-projection.js';
import { activeLocks } from '../../projections/locks/queries.js';
import { originOf } from './command-origin.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

const PathInput = t.type({ path: t.string });
const AcquireInput = t.intersection([PathInput, t.partial({ ttlSeconds: t.number })]);

/** One spelling per file, so `./a/../b.ts` and `b.ts` are the same lock (an empty path stays empty and is refused). */
export const normalizeLockPath = (path: string): string => (path.trim() === '' ? path : posix.normalize(path.trim().replace(/\\/g, '/')));

/** `lock-<first 32 hex digits of sha256(path)>` (SPEC §3.2). */
export const lockStreamOf = (path: string): string => lockStream(createHash('sha256').update(path).digest('hex'));

const run = async (runtime: SwarmRuntime, caller: CommandCaller, command: LockCommand) => {
  const ctx: LockContext = { now: runtime.now(), actor: caller.actor, defaultTtlSeconds: runtime.settings.lockTtlSeconds };
  return handleCommand(runtime, lockDecider, lockStreamOf(command.path), command, ctx, originOf(runtime, caller));
};

export interface LockOutcome {
  readonly path: string;
  readonly holder: string;
  readonly expiresAt: string;
  /** The caller already held the lock: its expiry moved forward. */
  readonly refreshed: boolean;
  readonly previousHolder?: string;
}

/** Takes the lock on a path for the caller, refreshes it if the caller holds it, or takes over an expired one. */
export const acquireLock = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, LockOutcome>> => {
  const decoded = decodeWith(AcquireInput)(input);
  if (isLeft(decoded)) return decoded;
  const path = normalizeLockPath(decoded.right.path);
  const ttl = decoded.right.ttlSeconds !== undefined ? { ttlSeconds: decoded.right.ttlSeconds } : {};
  const handled = await run(runtime, caller, { type: 'AcquireLock', path, ...ttl });
  if (isLeft(handled)) return handled;
  const event = handled.right.events[0]!;
  const data = event.data as { holder: string; expiresAt: string; previousHolder?: string };
  return right({
    path,
    holder: data.holder,
    expiresAt: data.expiresAt,
    refreshed: event.type === 'LockRefreshed',
    ...(data.previousHolder ? { previousHolder: data.previousHolder } : {}),
  });
};

/** Releases the caller's lock on a path (only the holder may). */
export const releaseLock = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, { path: string; released: true }>> => {
  const decoded = decodeWith(PathInput)(input);
  if (isLeft(decoded)) return decoded;
  const path = normalizeLockPath(decoded.right.path);
  const handled = await run(runtime, caller, { type: 'ReleaseLock', path });
  return isLeft(handled) ? handled : right({ path, released: true });
};

/** Clears a lock past its expiry (the system's lock cleanup); `expired` is false when nobody held it. */
export const expireLock = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, { path: string; expired: boolean }>> => {
  const decoded = decodeWith(PathInput)(input);
  if (isLeft(decoded)) return decoded;
  const path = normalizeLockPath(decoded.right.path);
  const handled = await run(runtime, caller, { type: 'ExpireLock', path });
  return isLeft(handled) ? handled : right({ path, expired: handled.right.events.length > 0 });
};

/** Locks in force now (expired ones left out), optionally of one holder. */
export const listLocks = async (runtime: SwarmRuntime, options: { holder?: string } = {}): Promise<LockView[]> =>
  activeLocks(await freshReader(runtime.log, runtime.projections, locksProjection), runtime.now(), options);
