/** Restart backoff after consecutive failed runs (SPEC §5: 20 s doubling to 300 s); a good run resets it. */
export interface BackoffPolicy {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 20_000, maxMs: 300_000 };

export const backoffDelay = (policy: BackoffPolicy, consecutiveFailures: number): number =>
  consecutiveFailures <= 0 ? 0 : Math.min(policy.maxMs, policy.baseMs * 2 ** (consecutiveFailures - 1));
