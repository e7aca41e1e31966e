/** Lock expiry arithmetic on ISO-8601 strings (the time always comes from the decision context, never a clock). */
export const expiryAfter = (now: string, ttlSeconds: number): string => new Date(Date.parse(now) + ttlSeconds * 1000).toISOString();

/** A lock expiring at `expiresAt` no longer holds at `now` (expiry is inclusive: at the instant it is free). */
export const isExpired = (expiresAt: string, now: string): boolean => Date.parse(expiresAt) <= Date.parse(now);
