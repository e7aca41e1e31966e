/// <reference lib="dom" />
import { operatorToken } from './operator-token.js';

/** An error the API answered with: `{error, field?, code?}` and its HTTP status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly field?: string,
    readonly code?: string,
    /** Every problem the server found, each "field: what is wrong" (a body may have several). */
    readonly problems: readonly string[] = [],
  ) {
    super(message);
  }
}

const failure = async (response: Response): Promise<ApiError> => {
  let body: { error?: string; message?: string; field?: string; code?: string; details?: { problems?: unknown } } = {};
  try {
    body = await response.json();
  } catch {
    // not JSON: the status line says enough
  }
  const message = body.error ?? body.message ?? `${response.status} ${response.statusText}`;
  const problems = Array.isArray(body.details?.problems) ? body.details.problems.filter((p): p is string => typeof p === 'string') : [];
  return new ApiError(message, response.status, body.field, body.code, problems);
};

/** Reads a view. Reads need no token (the server listens on loopback by default). */
export const getJson = async <T>(path: string): Promise<T> => {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
};

/** Sends a command: JSON only, with the operator's bearer token (never a cookie a cross-site form could ride). */
export const postJson = async <T>(path: string, body: unknown = {}): Promise<T> => {
  const token = operatorToken();
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
};

/** A query string from the defined, non-empty values. */
export const query = (params: Record<string, string | number | undefined>): string => {
  const defined = Object.entries(params).filter(([, v]) => v !== undefined && v !== '') as [string, string | number][];
  return defined.length ? `?${new URLSearchParams(defined.map(([k, v]) => [k, String(v)])).toString()}` : '';
};

/** What a person reads when a command is refused or a view cannot load. */
export const describeError = (e: unknown): string => {
  if (e instanceof ApiError) {
    if (e.status === 401) return 'Not signed in: open the dashboard with the URL `swarm up` printed (it carries your operator token).';
    return e.field ? `${e.message} (field: ${e.field})` : e.message;
  }
  return e instanceof Error ? e.message : String(e);
};
