import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { left, right } from 'fp-ts/lib/Either.js';
import type { SecretLookup } from '../secrets/secrets.js';
import { notConfigured, type PlatformAdapter, type ProductToPublish } from './publication.js';

interface NpmRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** npm with an argument array (never a shell), in `cwd`, with `env`. */
const npm = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<NpmRun> =>
  new Promise((resolve) => {
    const child = spawn('npm', [...args], { cwd, env, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (e) => resolve({ code: null, stdout, stderr: `${stderr}${e.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });

/** The package a product is published as: its own package.json's name when it has one, else the slug (scoped by SWARM_NPM_SCOPE). */
export const packageNameOf = (product: ProductToPublish, scope?: string): string => {
  const own = join(product.folder, 'package.json');
  if (existsSync(own)) {
    const name = (JSON.parse(readFileSync(own, 'utf8')) as { name?: unknown }).name;
    if (typeof name === 'string' && name) return name;
  }
  return scope ? `@${scope.replace(/^@/, '')}/${product.slug}` : product.slug;
};

const firstErrorLine = (run: NpmRun) =>
  (run.stderr.split('\n').find((l) => /npm (error|ERR!)/.test(l) && !/A complete log/.test(l)) ?? run.stderr.trim().split('\n')[0] ?? '').replace(/^npm (error|ERR!) ?/, '');

/**
 * npm: `npm publish` of the product to the registry npm's own configuration names (`.npmrc`, `npm_config_registry`),
 * with `NPM_TOKEN` for that registry. The token goes into the child's environment only; the temporary npmrc names
 * it as `${NPM_TOKEN}`, so it is never written to disk nor put on a command line. Idempotent: `npm view
 * name@version` first; a version already there is the publication.
 */
export const npmAdapter = (secret: SecretLookup, settings: { env: NodeJS.ProcessEnv; cwd: string; scope?: string }): PlatformAdapter => ({
  platform: 'npm',
  publish: async (product) => {
    const token = secret('NPM_TOKEN');
    if (!token) return left(notConfigured('NPM_TOKEN', 'npm'));
    const registryRun = await npm(['config', 'get', 'registry'], settings.cwd, settings.env, 60_000);
    const registry = registryRun.stdout.trim().replace(/\/?$/, '/');
    if (registryRun.code !== 0 || !/^https?:\/\//.test(registry)) return left({ kind: 'unavailable', message: `npm config get registry failed: ${firstErrorLine(registryRun)}` });
    const name = packageNameOf(product, settings.scope);
    const spec = `${name}@${product.version}`;
    const work = mkdtempSync(join(tmpdir(), 'swarmlog-npm-'));
    try {
      const npmrc = join(work, 'npmrc');
      writeFileSync(npmrc, `registry=${registry}\n${registry.replace(/^https?:/, '')}:_authToken=\${NPM_TOKEN}\n`, { mode: 0o600 });
      const env = { ...settings.env, NPM_TOKEN: token, npm_config_userconfig: npmrc, npm_config_registry: registry, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
      const url = /registry\.npmjs\.org\/$/.test(registry) ? `https://www.npmjs.com/package/${name}/v/${product.version}` : `${registry}${name}`;
      const viewed = await npm(['view', spec, 'version', '--json'], work, env, 60_000);
      if (viewed.code === 0 && viewed.stdout.includes(product.version)) return right({ platform: 'npm', url, externalId: spec, found: true });
      if (viewed.code !== 0 && !/E404|404 Not Found|is not in this registry/.test(viewed.stderr)) return left(classify(viewed, registry));
      const pkg = join(work, 'package');
      mkdirSync(pkg);
      for (const file of product.files) {
        mkdirSync(join(pkg, file.path, '..'), { recursive: true });
        cpSync(file.absolutePath, join(pkg, file.path));
      }
      const manifestPath = join(pkg, 'package.json');
      const own = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>) : {};
      const manifest = { ...own, name, version: product.version, description: own.description ?? product.description.slice(0, 300), license: own.license ?? 'MIT' };
      delete (manifest as Record<string, unknown>).private;
      writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
      const published = await npm(['publish', pkg, '--access', 'public', '--ignore-scripts'], work, env);
      if (published.code !== 0) {
        // A publish cut off after the registry took it answers "cannot publish over": it is there, which is the goal.
        if (/cannot publish over|EPUBLISHCONFLICT|previously published/i.test(published.stderr)) return right({ platform: 'npm', url, externalId: spec, found: true });
        return left(classify(published, registry));
      }
      return right({ platform: 'npm', url, externalId: spec, found: false });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
});

const classify = (run: NpmRun, registry: string) => {
  const line = firstErrorLine(run);
  if (/E401|E403|ENEEDAUTH|unauthori[sz]ed|authentication/i.test(run.stderr)) return { kind: 'rejected' as const, setting: 'NPM_TOKEN', message: `the npm registry ${registry} rejected NPM_TOKEN: ${line}` };
  if (/ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|E5\d\d|socket hang up/i.test(run.stderr) || run.code === null)
    return { kind: 'unavailable' as const, message: `the npm registry ${registry} is unavailable: ${line}` };
  return { kind: 'invalid' as const, message: `npm refused the package: ${line}` };
};
