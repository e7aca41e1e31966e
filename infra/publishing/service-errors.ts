import type { PublishFailure } from './publication.js';

/** An HTTP answer a service gave, as an error the adapters classify. */
export class ServiceError extends Error {
  constructor(
    readonly service: string,
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** 401/403 name the credential; 5xx, 429 and network errors are the service being unavailable; the rest is invalid. */
export const failureOf = (e: unknown, service: string, credential: string): PublishFailure => {
  const status = e instanceof ServiceError ? e.status : (e as { status?: number }).status;
  const message = (e as Error).message ?? String(e);
  if (status === 401 || (status === 403 && !/rate limit/i.test(message)))
    return { kind: 'rejected', setting: credential, message: `${service} rejected ${credential} (HTTP ${status}: ${message})` };
  if (status === undefined || status === 429 || status >= 500 || (status === 403 && /rate limit/i.test(message)))
    return { kind: 'unavailable', message: `${service} is unavailable (${status === undefined ? message : `HTTP ${status}: ${message}`})` };
  return { kind: 'invalid', message: `${service} refused the product (HTTP ${status}: ${message})` };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` again while the service is unavailable, waiting `baseMs` × 2ⁿ (or the service's Retry-After),
 * up to `attempts` times. Every step of every adapter is a lookup or an idempotent create, so running one again is
 * safe.
 */
export const withBackoff = async <A>(attempt: () => Promise<A>, isUnavailable: (e: unknown) => boolean, o: { attempts?: number; baseMs?: number } = {}): Promise<A> => {
  const attempts = o.attempts ?? 3;
  const base = o.baseMs ?? 500;
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n + 1 >= attempts || !isUnavailable(e)) throw e;
      const retryAfter = e instanceof ServiceError ? e.retryAfterSeconds : undefined;
      await sleep(Math.min(retryAfter !== undefined ? retryAfter * 1000 : base * 2 ** n, 30_000));
    }
  }
};

export const isUnavailableError = (e: unknown): boolean => {
  const status = e instanceof ServiceError ? e.status : (e as { status?: number }).status;
  return status === undefined || status === 429 || status >= 500;
};
