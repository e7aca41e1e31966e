import { ServiceError } from './service-errors.js';

/** A JSON request to a REST service with a bearer token; a non-2xx answer throws a ServiceError with its message. */
export const jsonRequest = async <A>(
  service: string,
  url: string,
  init: { method?: string; token: string; body?: unknown; timeoutMs?: number },
): Promise<A> => {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${init.token}`,
      accept: 'application/json',
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    signal: AbortSignal.timeout(init.timeoutMs ?? 60_000),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    parsed = { message: text.slice(0, 200) };
  }
  if (!response.ok) {
    const p = parsed as { message?: string; error?: { message?: string } | string };
    const message = p.message ?? (typeof p.error === 'string' ? p.error : p.error?.message) ?? response.statusText;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new ServiceError(service, response.status, message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined);
  }
  return parsed as A;
};
