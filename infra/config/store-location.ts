import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of this swarmlog installation: the nearest folder above this module holding `cli/bin/swarm` and a
 * `package.json` (the code runs from its sources, from `dist/` chunks or from a one-command bundle in `dist/cmd/`,
 * so the folder is looked up). Undefined when the module runs outside an installation.
 */
const installationFolder = (start = dirname(fileURLToPath(import.meta.url))): string | undefined => {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cli', 'bin', 'swarm')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
};

let defaultHome: string | undefined;

/**
 * Where `SWARM_HOME` points when it is not set: `<installation>/data`, the same folder whichever folder a command is
 * typed in (and after `npm link`, whose bin links lead back to the installation). Outside an installation (never in
 * practice) `./data` of the working directory.
 */
export const defaultSwarmHome = (): string => (defaultHome ??= join(installationFolder() ?? process.cwd(), 'data'));

/** Where the swarm keeps its data: `SWARM_HOME` (relative to the working directory), default `<installation>/data`. */
export const swarmHome = (env: NodeJS.ProcessEnv = process.env): string => (env.SWARM_HOME ? resolve(env.SWARM_HOME) : defaultSwarmHome());

/** The log to use: `SWARM_STORE`, default `sqlite:$SWARM_HOME/swarm.db`. */
export const storeUrl = (env: NodeJS.ProcessEnv = process.env): string =>
  env.SWARM_STORE || `sqlite:${resolve(swarmHome(env), 'swarm.db')}`;

/** The file of an embedded log (`sqlite:<path>[?…]`), absolute; undefined for a remote log. */
export const embeddedLogFile = (url: string): string | undefined =>
  url.startsWith('sqlite:') ? resolve(url.slice('sqlite:'.length).split('?')[0]!) : undefined;

/**
 * What one host keeps for itself when several hosts share `$SWARM_HOME` (a network file system in a deployment, for
 * the specs, projects, runs and operators every host must see): the read models of a remote log and its memory index
 * (SQLite files, which must not live on a shared network file system), the log's health as this host sees it, and
 * its log files. `SWARM_STATE_DIR`, default `home` itself (one host: everything in `$SWARM_HOME`).
 */
export const hostStateDir = (home: string, env: NodeJS.ProcessEnv = process.env): string => (env.SWARM_STATE_DIR ? resolve(env.SWARM_STATE_DIR) : home);

/**
 * Where the read models of a log are kept: next to an embedded log (`swarm.db` → `swarm.projections.db`), or in
 * the host's state folder (`SWARM_STATE_DIR`, default `$SWARM_HOME`) for a remote log, named after the connection
 * string so two logs never share read models.
 */
export const projectionStorePath = (url: string, env: NodeJS.ProcessEnv = process.env): string => {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).split('?')[0]!;
    return path.endsWith('.db') ? `${path.slice(0, -3)}.projections.db` : `${path}.projections.db`;
  }
  let hash = 0;
  for (const ch of url) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return resolve(hostStateDir(swarmHome(env), env), `projections-${hash.toString(16)}.db`);
};
