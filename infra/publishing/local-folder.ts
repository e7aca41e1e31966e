import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { right } from 'fp-ts/lib/Either.js';
import type { PlatformAdapter } from './publication.js';

/** `local`: the product's files in `$SWARM_HOME/downloads/<slug>/` (the offline default); its file URL is the product's URL. */
export const localFolderAdapter = (home: string): PlatformAdapter => ({
  platform: 'local',
  publish: async (product) => {
    const target = join(home, 'downloads', product.slug);
    const found = existsSync(target);
    // Copied again on a retry: the same files give the same folder, so this is idempotent.
    rmSync(target, { recursive: true, force: true });
    mkdirSync(target, { recursive: true });
    for (const file of product.files) {
      mkdirSync(join(target, file.path, '..'), { recursive: true });
      cpSync(file.absolutePath, join(target, file.path));
    }
    return right({ platform: 'local', url: pathToFileURL(target).href, externalId: product.slug, found });
  },
});
