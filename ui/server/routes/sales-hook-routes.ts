import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { isLeft } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../../domain/decode.js';
import { IdString } from '../../../domain/limits/limited-codecs.js';
import type { PingOutcome } from '../../../processes/sales/gumroad-ping.js';
import { ApiFailure, badRequest } from '../api-failure.js';

/** Gumroad's sale notifications, when the swarm is set up to receive them (`GUMROAD_PING_KEY`). */
export interface SalesHook {
  /** The key the notification URL carries (`/hooks/gumroad?key=…`): Gumroad signs nothing, so the URL is the secret. */
  readonly key: string;
  receive(saleId: string): Promise<PingOutcome>;
}

const GumroadPing = t.type({ sale_id: IdString });

const sameKey = (given: unknown, key: string): boolean => {
  if (typeof given !== 'string') return false;
  const [a, b] = [Buffer.from(given), Buffer.from(key)];
  return a.length === b.length && timingSafeEqual(a, b);
};

const statusOf: Readonly<Record<PingOutcome['status'], number>> = { recorded: 200, already_recorded: 200, unknown_sale: 404, refused: 409, unavailable: 503 };

/**
 * `POST /hooks/gumroad?key=…`: Gumroad's "Ping" (a form post naming a sale). In a scope of its own, the only route
 * that reads a form body (every other route takes JSON alone, so no cross-site form reaches them). Only the sale's id
 * is taken from the notification: the sale is read back from Gumroad before anything is recorded, and recorded
 * once. Answers 200 when the ledger has the sale, 404 for a sale Gumroad does not know, 503 when Gumroad could not
 * be asked (Gumroad tries the notification again; the hourly sync catches up in any case).
 */
export const salesHookRoutes = async (app: FastifyInstance, hook: SalesHook, log: { info(o: object, m: string): void; warn(o: object, m: string): void }): Promise<void> => {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.post(
      '/hooks/gumroad',
      {
        schema: {
          summary: "Gumroad's sale notification (Ping)",
          tags: ['sales'],
          description: 'Set up with GUMROAD_PING_KEY; the URL given to Gumroad carries it as `key`. Takes the form Gumroad posts; only `sale_id` is used, and the sale is read back from Gumroad.',
        },
        config: { rateLimit: { max: 120, timeWindow: 60_000 } },
      },
      async (request, reply) => {
        if (!sameKey((request.query as { key?: unknown }).key, hook.key)) throw new ApiFailure(401, { error: 'the notification key is missing or wrong', code: 'unauthorized', field: 'key' });
        const ping = decodeWith(GumroadPing, 'body')(request.body ?? {});
        if (isLeft(ping)) throw badRequest(ping.left.message, ping.left.field);
        const outcome = await hook.receive(ping.right.sale_id);
        (outcome.status === 'unavailable' || outcome.status === 'refused' ? log.warn : log.info).call(log, { ...outcome }, 'Gumroad sale notification');
        return reply.code(statusOf[outcome.status]).send(outcome);
      },
    );
  });
};
