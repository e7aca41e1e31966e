import type { Decider } from '../decider.js';
import type { LockCommand } from './commands.js';
import { decide, type LockContext } from './decide.js';
import type { LockEvent } from './events.js';
import { evolve, initialState, type LockState } from './state.js';

export const lockDecider: Decider<LockCommand, LockEvent, LockState, LockContext> = { initialState, decide, evolve };

/**
 * The stream of the lock on one path: `lock-<first 32 hex digits of sha256(path)>` (SPEC §3.2). Hashing is done by
 * the caller (the command service) so `domain/` stays free of Node's crypto module; pass the hex digest.
 */
export const lockStream = (pathSha256Hex: string): string => `lock-${pathSha256Hex.slice(0, 32)}`;

export * from './commands.js';
export * from './events.js';
export type { LockContext } from './decide.js';
export type { LockState } from './state.js';
