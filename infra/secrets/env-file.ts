import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** The `.env` file the swarm reads: `SWARM_ENV_FILE` when set, else `.env` in the folder the swarm was started from. */
export const envFilePath = (env: NodeJS.ProcessEnv): string => resolve(env.SWARM_ENV_FILE || '.env');

/**
 * The variables of a `.env` file, parsed by Node's own loader (`util.parseEnv`, the parser behind `--env-file`).
 * They are kept apart from `process.env` on purpose: what is in `process.env` is inherited by child processes, and
 * a secret must never reach an agent's environment.
 */
export const readEnvFile = (path: string): Record<string, string> => {
  if (!existsSync(path)) return {};
  const parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string | undefined>;
  return Object.fromEntries(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string'));
};
