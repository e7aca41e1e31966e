import type { SSMClient } from '@aws-sdk/client-ssm';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { envFilePath, readEnvFile } from './env-file.js';
import type { FoundSecret, SecretSource, Secrets } from './secrets.js';
import { normalisedPrefix, readParametersUnder, ssmClientSettings, ssmFailure } from './ssm-parameters.js';

export interface SecretsLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

export const defaultSsmRefreshSeconds = 300;

/**
 * The secrets of this swarm process: the environment first (an explicit setting wins), then the `.env` file, then
 * AWS SSM Parameter Store when `SWARM_SSM_PREFIX` is set (every parameter under it, refreshed every
 * `SWARM_SSM_REFRESH_SECONDS`, default 300). A first SSM read that fails is a Left naming the setting; a later
 * refresh that fails keeps the values it had and logs why (names only).
 */
export const openSecrets = async (env: NodeJS.ProcessEnv, options: { log?: SecretsLog; refreshTimer?: boolean } = {}): Promise<Either<string, Secrets>> => {
  const envFile = envFilePath(env);
  let fromFile: Record<string, string>;
  try {
    fromFile = readEnvFile(envFile);
  } catch (e) {
    return left(`${envFile}: could not be read (${(e as Error).message}); fix it or point SWARM_ENV_FILE elsewhere`);
  }
  const rawPrefix = env.SWARM_SSM_PREFIX?.trim();
  const prefix = rawPrefix ? normalisedPrefix(rawPrefix) : undefined;
  let fromSsm = new Map<string, string>();
  let client: SSMClient | undefined;
  if (prefix) {
    const refresh = Number(env.SWARM_SSM_REFRESH_SECONDS ?? defaultSsmRefreshSeconds);
    if (!Number.isFinite(refresh) || refresh < 0) return left(`SWARM_SSM_REFRESH_SECONDS: expected a number of seconds ≥ 0, got ${JSON.stringify(env.SWARM_SSM_REFRESH_SECONDS)}`);
    // Loaded only when SSM is configured: the SDK is large, and every CLI call and `swarm up` opens the secrets.
    const { SSMClient: Client } = await import('@aws-sdk/client-ssm');
    client = new Client(ssmClientSettings(env));
    try {
      fromSsm = await readParametersUnder(client, prefix);
    } catch (e) {
      client.destroy();
      return left(ssmFailure(e, prefix));
    }
  }
  const source = (name: string): SecretSource | undefined =>
    env[name] ? 'environment' : fromFile[name] ? '.env' : fromSsm.has(name) ? 'ssm' : undefined;
  const refreshNow = async () => {
    if (!client || !prefix) return;
    try {
      fromSsm = await readParametersUnder(client, prefix);
    } catch (e) {
      options.log?.warn({ prefix, reason: ssmFailure(e, prefix) }, 'AWS SSM refresh failed; the secrets read before stay in use');
    }
  };
  const seconds = Number(env.SWARM_SSM_REFRESH_SECONDS ?? defaultSsmRefreshSeconds);
  const timer = client && options.refreshTimer !== false && seconds > 0 ? setInterval(() => void refreshNow(), seconds * 1000) : undefined;
  timer?.unref();
  const secrets: Secrets = {
    get: (name) => {
      const from = source(name);
      return from === 'environment' ? env[name] : from === '.env' ? fromFile[name] : from === 'ssm' ? fromSsm.get(name) : undefined;
    },
    sourceOf: source,
    found: () => {
      const names = new Set([...Object.keys(fromFile), ...fromSsm.keys()]);
      return [...names].sort().map((name): FoundSecret => ({ name, source: source(name)! }));
    },
    sources: { envFile, ...(prefix ? { ssmPrefix: prefix } : {}) },
    refresh: refreshNow,
    close: () => {
      if (timer) clearInterval(timer);
      client?.destroy();
    },
  };
  return right(secrets);
};
