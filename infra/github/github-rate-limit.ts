/** GitHub said to wait: a primary limit (403/429 with `x-ratelimit-remaining: 0`) or a secondary one (`retry-after`). */
export class GithubRateLimited extends Error {
  constructor(readonly resetAt: Date) {
    super(`GitHub rate limit: wait until ${resetAt.toISOString()}`);
  }
}

/** When GitHub lets us call again, if `e` is a rate-limit answer; undefined for any other error. */
export const rateLimitReset = (e: unknown, now = Date.now()): Date | undefined => {
  const err = e as { status?: number; response?: { headers?: Record<string, string | undefined> } };
  if (err.status !== 403 && err.status !== 429) return undefined;
  const headers = err.response?.headers ?? {};
  const retryAfter = Number(headers['retry-after']);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return new Date(now + retryAfter * 1000);
  if (headers['x-ratelimit-remaining'] === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    return new Date(Number.isFinite(reset) ? reset * 1000 : now + 60_000);
  }
  return err.status === 429 ? new Date(now + 60_000) : undefined;
};

/**
 * Runs a GitHub call, waiting out a rate limit when it resets within `maxWaitMs` (then calling again), otherwise
 * throwing GithubRateLimited with the reset time, so the caller stops and the next check resumes from its checkpoint.
 */
export const respectingRateLimit = async <A>(call: () => Promise<A>, maxWaitMs = 90_000): Promise<A> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const reset = rateLimitReset(e);
      if (!reset) throw e;
      const wait = reset.getTime() - Date.now() + 250;
      if (wait > maxWaitMs || attempt >= 3) throw new GithubRateLimited(reset);
      await new Promise((r) => setTimeout(r, Math.max(wait, 0)));
    }
  }
};
