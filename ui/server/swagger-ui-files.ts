import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where `/docs` finds Swagger UI's page files: in its package. The plugin looks beside its own module by default,
 * which is `swarm up`'s bundle once it is bundled (dist/cmd/swarm/up.cjs), so the folder and the logo are given.
 */
export const swaggerUiFiles = (): { readonly baseDir: string; readonly logo: { readonly type: string; readonly content: Buffer } } => {
  const baseDir = join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static');
  return { baseDir, logo: { type: 'image/svg+xml', content: readFileSync(join(baseDir, 'logo.svg')) } };
};
