import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { openSecrets, type SecretsLog } from './open-secrets.js';
import type { Secrets } from './secrets.js';

let opened: Promise<Either<string, Secrets>> | undefined;

/**
 * The secrets of this process, opened once from `process.env` (and its `.env` and SSM prefix) and shared: the
 * swarm's own environment, never a command's or an agent's. A failed open is tried again on the next call.
 */
export const processSecrets = (log?: SecretsLog): Promise<Either<string, Secrets>> => {
  if (!opened) {
    opened = openSecrets(process.env, log ? { log } : {});
    void opened.then((r) => {
      if (isLeft(r)) opened = undefined;
    });
  }
  return opened;
};
