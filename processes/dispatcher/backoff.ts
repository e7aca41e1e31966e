/**
 * Restart backoff after consecutive failed runs (SPEC §5, inventory SUP-61): after n failures in a row an agent waits
 * min(restartDelay × 2^n, maxRestartDelay) before its next run — 20, 40, 80, 160, 300 s with the defaults
 * (`supervisor.restartDelaySeconds` 10, `supervisor.maxRestartDelaySeconds` 300). A good run resets it.
 */
export interface BackoffPolicy {
  /** The wait after the first failure. */
  readonly baseMs: number;
  readonly maxMs: number;
}

/** The policy of the `supervisor` settings. */
export const restartBackoff = (supervisor: { readonly restartDelaySeconds: number; readonly maxRestartDelaySeconds: number }): BackoffPolicy => ({
  baseMs: supervisor.restartDelaySeconds * 2 * 1000,
  maxMs: supervisor.maxRestartDelaySeconds * 1000,
});

export const defaultBackoff: BackoffPolicy = restartBackoff({ restartDelaySeconds: 10, maxRestartDelaySeconds: 300 });

export const backoffDelay = (policy: BackoffPolicy, consecutiveFailures: number): number =>
  consecutiveFailures <= 0 ? 0 : Math.min(policy.maxMs, policy.baseMs * 2 ** (consecutiveFailures - 1));
