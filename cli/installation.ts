import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding this installation's `cli/bin` (the bins agents run), found from this module's location (source or dist). */
export const installationRoot = (start = dirname(fileURLToPath(import.meta.url))): string => {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'cli', 'bin', 'swarm'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find cli/bin above ${start}`);
  }
};
