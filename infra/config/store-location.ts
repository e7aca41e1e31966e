import { resolve } from 'node:path';

/** Where the swarm keeps its data: `SWARM_HOME`, default `./data` (relative to the working directory). */
export const swarmHome = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.SWARM_HOME || './data');

/** The log to use: `SWARM_STORE`, default `sqlite:$SWARM_HOME/swarm.db`. */
export const storeUrl = (env: NodeJS.ProcessEnv = process.env): string =>
  env.SWARM_STORE || `sqlite:${resolve(swarmHome(env), 'swarm.db')}`;

/**
 * Where the read models of a log are kept: next to an embedded log (`swarm.db` → `swarm.projections.db`), or in
 * `$SWARM_HOME` for a remote log, named after the connection string so two logs never share read models.
 */
export const projectionStorePath = (url: string, env: NodeJS.ProcessEnv = process.env): string => {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).split('?')[0]!;
    return path.endsWith('.db') ? `${path.slice(0, -3)}.projections.db` : `${path}.projections.db`;
  }
  let hash = 0;
  for (const ch of url) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return resolve(swarmHome(env), `projections-${hash.toString(16)}.db`);
};
