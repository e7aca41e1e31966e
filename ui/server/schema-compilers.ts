import type { FastifyServerOptions } from 'fastify';

/**
 * The route schemas are the OpenAPI document's (the io-ts codecs validate, naming the field) and no route declares a
 * response schema, so Fastify needs no compiler for either. Given none, it loads Ajv and fast-json-stringify's
 * compiler to build its defaults (about 110 modules at every `swarm up`, ~60 ms of a first start's busiest thread):
 * these factories keep them unloaded. The validator accepts everything; the serializer, which only a response schema
 * would call, is `JSON.stringify`, as Fastify's own default for a route without one.
 */
const compilersFactory = {
  buildValidator: () => () => () => true,
  buildSerializer: () => () => (data: unknown) => JSON.stringify(data),
};

// Fastify's option types name Ajv's compiler types, which these factories do not import (that is their point).
export const schemaController = { compilersFactory } as unknown as NonNullable<FastifyServerOptions['schemaController']>;
