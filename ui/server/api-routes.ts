import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
import { checkField, checkInput, fieldKindsOf, IdString, type FieldKinds } from '../../domain/limits/index.js';
import type { OperatorTokens } from '../../infra/auth/operator-tokens.js';
import type { CommandCaller } from '../../processes/commands/runtime.js';
import { ApiFailure, fromDomainError } from './api-failure.js';
import { jsonSchemaOf } from './json-schema-of.js';

/** What a handler answers: a view, or a command's refusal. */
export type Answer = Either<DomainError, unknown>;

export interface RouteDoc {
  readonly summary: string;
  readonly tag: string;
  readonly description?: string;
}

export interface ReadSpec<Q> extends RouteDoc {
  readonly query?: t.Type<Q, unknown, unknown>;
}

export interface MutationSpec<B> extends RouteDoc {
  readonly body?: t.Type<B, unknown, unknown>;
}

export interface ReadInput<Q> {
  readonly query: Q;
  readonly params: Readonly<Record<string, string>>;
}

export interface MutationInput<B> {
  readonly body: B;
  readonly params: Readonly<Record<string, string>>;
  /** The operator who sent the command, as the human actor of its events. */
  readonly caller: CommandCaller;
  readonly operator: string;
}

export interface ApiRoutes {
  read<Q = Record<string, never>>(path: string, spec: ReadSpec<Q>, handler: (input: ReadInput<Q>) => Promise<Answer>): void;
  mutate<B = Record<string, never>>(path: string, spec: MutationSpec<B>, handler: (input: MutationInput<B>) => Promise<Answer>): void;
}

export interface MutationLimits {
  /** Mutations per operator (or per address, before a token is checked) per window. */
  readonly max: number;
  readonly windowMs: number;
}

/** Counts a failed token check of the request's address; says whether the address is over its limit (with `increment: false`, only reads). */
export type AuthFailureLimiter = (
  request: FastifyRequest,
  options?: { increment?: boolean },
) => Promise<{ readonly isAllowed: true } | { readonly isAllowed: false; readonly remaining: number; readonly isExceeded: boolean; readonly ttlInSeconds: number }>;

/**
 * The input limits (domain/limits) checked before decoding: how deep the input is nested, then each field by the
 * kind its codec declares (a refusal names the field: 400).
 */
const withinLimits = (kinds: FieldKinds, input: unknown, whole: 'body' | 'query'): void => {
  const checked = checkInput(kinds, { whole })(input ?? {});
  if (isLeft(checked)) throw fromDomainError(checked.left);
};

const decoded = <A>(codec: t.Type<A, unknown, unknown> | undefined, kinds: FieldKinds, input: unknown, whole: 'body' | 'query'): A => {
  withinLimits(kinds, input, whole);
  if (!codec) return {} as A;
  const result = decodeWith(codec)(input ?? {});
  if (isLeft(result)) throw fromDomainError(result.left);
  return result.right;
};

/** Path parameters are ids (or id prefixes): the id rules, naming the parameter. */
const checkedParams = (params: unknown): Readonly<Record<string, string>> => {
  const all = (params ?? {}) as Record<string, string>;
  for (const [name, value] of Object.entries(all)) {
    const checked = checkField(name, 'id', value);
    if (isLeft(checked)) throw fromDomainError(checked.left);
  }
  return all;
};

const answer = async (reply: FastifyReply, result: Answer): Promise<unknown> => {
  if (isLeft(result)) throw fromDomainError(result.left);
  return reply.header('cache-control', 'no-store').send(result.right);
};

const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);

/** Path parameters are ids: documented with the id rules they are checked against. */
const paramsSchema = (path: string) => {
  const names = pathParams(path);
  return names.length === 0 ? {} : { params: { type: 'object', properties: Object.fromEntries(names.map((n) => [n, jsonSchemaOf(IdString)])), required: names } };
};

const bearerToken = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
};

/** Mutations take JSON only: a cross-site HTML form can send only form encodings or text/plain (W-20). */
const isJson = (request: FastifyRequest): boolean => {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type.trim());
};

const operatorOfRequest = new WeakMap<FastifyRequest, string>();

const tooManyFailures = (reply: FastifyReply, retryAfterSeconds: number | undefined): ApiFailure => {
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return new ApiFailure(429, { error: 'too many requests with a wrong or missing operator token from this address: wait a minute and try again', code: 'rate_limited' });
};

/**
 * Registers the API's routes with what every route shares: io-ts decoding of query and body (400 naming the field),
 * the JSON Schema of each input for the OpenAPI document (documentation only: the codecs validate), the input limits
 * checked before decoding (path parameters as ids; query and body fields by the kinds their codecs declare), and for
 * mutations JSON-only bodies (415), an operator token (401, and 429 for an address after too many wrong ones) and a
 * rate limit per operator (429).
 */
export const apiRoutes = (app: FastifyInstance, tokens: OperatorTokens, limits: MutationLimits, authFailures: AuthFailureLimiter): ApiRoutes => ({
  read: (path, spec, handler) => {
    const queryKinds = fieldKindsOf(spec.query);
    app.get(
      path,
      {
        schema: {
          summary: spec.summary,
          tags: [spec.tag],
          ...(spec.description ? { description: spec.description } : {}),
          ...(spec.query ? { querystring: jsonSchemaOf(spec.query) } : {}),
          ...paramsSchema(path),
        },
      },
      async (request, reply) => {
        const params = checkedParams(request.params);
        return answer(reply, await handler({ query: decoded(spec.query, queryKinds, request.query, 'query'), params }));
      },
    );
  },
  mutate: (path, spec, handler) => {
    const bodyKinds = fieldKindsOf(spec.body);
    app.post(
      path,
      {
        schema: {
          summary: spec.summary,
          tags: [spec.tag],
          description: `${spec.description ? `${spec.description}\n\n` : ''}Needs an operator token (Authorization: Bearer …) and a JSON body.`,
          security: [{ operatorToken: [] }],
          ...(spec.body ? { body: jsonSchemaOf(spec.body) } : {}),
          ...paramsSchema(path),
        },
        config: {
          rateLimit: {
            max: limits.max,
            timeWindow: limits.windowMs,
            // Per operator once a token is shown, else per address: one noisy tab does not lock out the others.
            keyGenerator: (request: FastifyRequest) => `${bearerToken(request) ?? ''}|${request.ip}`,
          },
        },
        onRequest: async (request, reply) => {
          // An address over its limit of failed token checks is refused before its token is looked at, so a guesser
          // learns nothing (not even that a token is right) until the window passes.
          const seen = await authFailures(request, { increment: false });
          if (!seen.isAllowed && seen.remaining === 0) throw tooManyFailures(reply, seen.ttlInSeconds);
          const token = bearerToken(request);
          const operator = token ? tokens.operatorOf(token) : undefined;
          if (!operator) {
            // A wrong token is a guess and counts towards the limit; a request with none is only told to send one.
            if (token) {
              const counted = await authFailures(request);
              if (!counted.isAllowed && counted.isExceeded) throw tooManyFailures(reply, counted.ttlInSeconds);
            }
            throw new ApiFailure(401, {
              error: token ? 'the operator token is not valid (make one with: swarm operator add NAME)' : 'an operator token is required: send Authorization: Bearer <token> (swarm operator add NAME makes one)',
              code: 'unauthorized',
            });
          }
          // Who may mutate is settled first (401 whatever the body), then what was sent.
          if (!isJson(request)) throw new ApiFailure(415, { error: 'this route takes a JSON body: send Content-Type: application/json', code: 'unsupported_media_type' });
          operatorOfRequest.set(request, operator);
        },
      },
      async (request, reply) => {
        const operator = operatorOfRequest.get(request)!;
        const params = checkedParams(request.params);
        const body = decoded(spec.body, bodyKinds, request.body, 'body');
        return answer(reply, await handler({ body, params, operator, caller: { actor: { kind: 'human', id: operator } } }));
      },
    );
  },
});
