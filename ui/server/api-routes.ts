import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
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

const decoded = <A>(codec: t.Type<A, unknown, unknown> | undefined, input: unknown): A => {
  if (!codec) return {} as A;
  const result = decodeWith(codec)(input ?? {});
  if (isLeft(result)) throw fromDomainError(result.left);
  return result.right;
};

const answer = async (reply: FastifyReply, result: Answer): Promise<unknown> => {
  if (isLeft(result)) throw fromDomainError(result.left);
  return reply.header('cache-control', 'no-store').send(result.right);
};

const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z_]+)/g)].map((m) => m[1]!);

const paramsSchema = (path: string) => {
  const names = pathParams(path);
  return names.length === 0 ? {} : { params: { type: 'object', properties: Object.fromEntries(names.map((n) => [n, { type: 'string' }])), required: names } };
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

/**
 * Registers the API's routes with what every route shares: io-ts decoding of query and body (400 naming the field),
 * the JSON Schema of each input for the OpenAPI document (documentation only: the codecs validate), and for
 * mutations JSON-only bodies (415), an operator token (401) and a rate limit (429).
 */
export const apiRoutes = (app: FastifyInstance, tokens: OperatorTokens, limits: MutationLimits): ApiRoutes => ({
  read: (path, spec, handler) => {
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
      async (request, reply) => answer(reply, await handler({ query: decoded(spec.query, request.query), params: request.params as Record<string, string> })),
    );
  },
  mutate: (path, spec, handler) => {
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
        onRequest: async (request) => {
          if (!isJson(request)) throw new ApiFailure(415, { error: 'this route takes a JSON body: send Content-Type: application/json', code: 'unsupported_media_type' });
          const token = bearerToken(request);
          const operator = token ? tokens.operatorOf(token) : undefined;
          if (!operator)
            throw new ApiFailure(401, {
              error: token ? 'the operator token is not valid (make one with: swarm operator add NAME)' : 'an operator token is required: send Authorization: Bearer <token> (swarm operator add NAME makes one)',
              code: 'unauthorized',
            });
          operatorOfRequest.set(request, operator);
        },
      },
      async (request, reply) => {
        const operator = operatorOfRequest.get(request)!;
        const body = decoded(spec.body, request.body);
        return answer(reply, await handler({ body, params: request.params as Record<string, string>, operator, caller: { actor: { kind: 'human', id: operator } } }));
      },
    );
  },
});
