import { isLeft } from 'fp-ts/lib/Either.js';
import { defaultGumroadApiUrl } from '../../infra/publishing/gumroad-products.js';
import { processSecrets } from '../../infra/secrets/process-secrets.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { receiveGumroadPing } from '../../processes/sales/gumroad-ping.js';
import type { SalesHook } from '../../ui/server/routes/sales-hook-routes.js';
import { badInput } from '../cli-failure.js';

/** A notification URL is its own secret: a short key could be guessed. */
const minKeyLength = 16;

/**
 * Gumroad's sale notifications for `swarm up`'s server when `GUMROAD_PING_KEY` is set (environment, .env or SSM):
 * the access token is looked up for each notification, so a token rotated in SSM is used without a restart.
 */
export const gumroadSalesHook = async (runtime: SwarmRuntime, log: { warn(o: object, m: string): void }): Promise<SalesHook | undefined> => {
  const secrets = await processSecrets(log);
  if (isLeft(secrets)) return undefined;
  const key = secrets.right.get('GUMROAD_PING_KEY');
  if (!key) return undefined;
  if (key.length < minKeyLength) throw badInput(`GUMROAD_PING_KEY: at least ${minKeyLength} characters (it is the only secret of the notification URL), got ${key.length}`, { field: 'GUMROAD_PING_KEY' });
  return {
    key,
    receive: async (saleId) => {
      const now = await processSecrets(log);
      const token = isLeft(now) ? undefined : now.right.get('GUMROAD_ACCESS_TOKEN');
      return receiveGumroadPing(runtime, { apiUrl: process.env.GUMROAD_API_URL || defaultGumroadApiUrl, token, saleId });
    },
  };
};
