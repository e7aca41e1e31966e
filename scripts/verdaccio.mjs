// A real npm registry for the publishing tests (issue 18): verdaccio at a pinned version, installed when missing
// into a cache outside the product's dependencies (it is a test tool, ~330 packages, and `npm ci` stays fast).
//
//   node scripts/verdaccio.mjs          installs it when missing, prints its executable
//
// The cache: $SWARM_VERDACCIO_DIR, else $XDG_CACHE_HOME/swarmlog/verdaccio, else ~/.cache/swarmlog/verdaccio.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** 6.8.0: the newest verdaccio whose engines allow Node 20 (6.9 needs Node 22). */
export const verdaccioVersion = '6.8.0';

export const verdaccioDir = (env = process.env) =>
  env.SWARM_VERDACCIO_DIR ? resolve(env.SWARM_VERDACCIO_DIR) : join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'swarmlog', 'verdaccio');

const installedVersion = (dir) => {
  try {
    return JSON.parse(readFileSync(join(dir, 'node_modules', 'verdaccio', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
};

/** The verdaccio executable (a JS file run with node), installing the pinned version first when it is missing. */
export const ensureVerdaccio = ({ dir = verdaccioDir(), log = console.log } = {}) => {
  const bin = join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  if (installedVersion(dir) === verdaccioVersion && existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, `${JSON.stringify({ name: 'swarmlog-verdaccio', private: true }, null, 2)}\n`);
  log(`installing verdaccio@${verdaccioVersion} for the publishing tests into ${dir} (npm, once)…`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--loglevel=error', `verdaccio@${verdaccioVersion}`], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_engine_strict: 'false' },
  });
  if (r.status !== 0 || !existsSync(bin)) throw new Error(`verdaccio@${verdaccioVersion} could not be installed into ${dir}`);
  return bin;
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) console.log(ensureVerdaccio());
