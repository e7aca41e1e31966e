import { resolve } from 'node:path';

/** Where the swarm keeps its data: `SWARM_HOME`, default `./data` (relative to the working directory). */
export const swarmHome = (env: NodeJS.ProcessEnv = process.env): string => resolve(env.SWARM_HOME || './data');

/** The log to use: `SWARM_STORE`, default `sqlite:$SWARM_HOME/swarm.db`. */
export const storeUrl = (env: NodeJS.ProcessEnv = process.env): string =>
  env.SWARM_STORE || `sqlite:${resolve(swarmHome(env), 'swarm.db')}`;
