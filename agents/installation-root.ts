import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of this swarmlog installation (a checkout or an npm install): the nearest one above `start` holding
 * `cli/bin/swarm` and a `package.json`. Code runs from its sources (tsx), from `dist/` chunks at any depth, or from
 * a one-command bundle in `dist/cmd/`, so the folder is looked up rather than assumed.
 */
export const installationRoot = (start = dirname(fileURLToPath(import.meta.url))): string => {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cli', 'bin', 'swarm')) && existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the swarmlog installation (cli/bin/swarm) above ${start}`);
  }
};
