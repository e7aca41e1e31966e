import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { right } from 'fp-ts/lib/Either.js';
import type { PlatformAdapter } from './publication.js';

/**
 * `local`: a copy of the product folder, reports included (what a person downloading it gets to read), in
 * `$SWARM_HOME/downloads/<project id or slug>/` (the offline default); its file URL is the product's URL.
 */
export const localFolderAdapter = (): PlatformAdapter => ({
  platform: 'local',
  publish: async (product) => {
    const target = product.localFolder;
    const found = existsSync(target);
    // Copied again on a retry: the same files give the same folder, so this is idempotent.
    rmSync(target, { recursive: true, force: true });
    mkdirSync(join(target, '..'), { recursive: true });
    cpSync(product.folder, target, { recursive: true });
    return right({ platform: 'local', url: pathToFileURL(target).href, externalId: basename(target), found });
  },
});
