import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * cli/bin/code-cache.cjs, the V8 code cache `swarm up` and the fold's worker start from: each case runs real Node
 * processes that install it, require modules and save, as `swarm up` does.
 */
const test = suite<{ dir: string }>('code cache');

test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-code-cache-'));
});
test.after.each((ctx) => {
  chmodSync(ctx.dir, 0o755);
  rmSync(ctx.dir, { recursive: true, force: true });
});

const loader = resolve('cli/bin/code-cache.cjs');

/** A process that installs the cache in `cacheDir`, requires `module`, prints what it exports and the counts, saves. */
const load = (cacheDir: string, module: string) => {
  const script = `const c = require(${JSON.stringify(loader)}).installCodeCache(${JSON.stringify(cacheDir)});
const value = require(${JSON.stringify(module)})();
c.save();
process.stdout.write(JSON.stringify({ value, counts: c.counts() }));`;
  const ran = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (ran.status !== 0) throw new Error(ran.stderr);
  return JSON.parse(ran.stdout) as { value: string; counts: { fromCache: number; fromSource: number } };
};

test('a module is compiled from source once, from the cache after', ({ dir }) => {
  const pkg = join(dir, 'node_modules', 'pkg');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'index.js'), `module.exports = () => 'first' + require('./other.js');`);
  writeFileSync(join(pkg, 'other.js'), `module.exports = '!';`);
  const cache = join(dir, 'dist', 'code-cache');
  const first = load(cache, join(pkg, 'index.js'));
  assert.equal(first, { value: 'first!', counts: { fromCache: 0, fromSource: 2 } });
  assert.is(readdirSync(cache).filter((f) => f.endsWith('.v8')).length, 2);
  const second = load(cache, join(pkg, 'index.js'));
  assert.equal(second, { value: 'first!', counts: { fromCache: 2, fromSource: 0 } });
});

test('a package module changed to the same length is compiled anew, not run from the stale cache', ({ dir }) => {
  const pkg = join(dir, 'node_modules', 'pkg');
  mkdirSync(pkg, { recursive: true });
  const file = join(pkg, 'index.js');
  writeFileSync(file, `module.exports = () => 'aaaa';`);
  const cache = join(dir, 'dist', 'code-cache');
  load(cache, file);
  // npm gives every installed file the same time: only the content tells the versions apart.
  writeFileSync(file, `module.exports = () => 'bbbb';`);
  utimesSync(file, new Date('1985-10-26T08:15:00Z'), new Date('1985-10-26T08:15:00Z'));
  assert.equal(load(cache, file), { value: 'bbbb', counts: { fromCache: 0, fromSource: 1 } });
});

test('a built module rewritten with the same size is compiled anew (its time changed)', ({ dir }) => {
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'cmd'), { recursive: true });
  const file = join(dist, 'cmd', 'up.cjs');
  writeFileSync(file, `module.exports = () => 'old1';`);
  utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
  const cache = join(dist, 'code-cache');
  load(cache, file);
  writeFileSync(file, `module.exports = () => 'new2';`);
  assert.equal(load(cache, file), { value: 'new2', counts: { fromCache: 0, fromSource: 1 } });
});

test('an unwritable cache changes nothing but speed', ({ dir }) => {
  const file = join(dir, 'm.js');
  writeFileSync(file, `module.exports = () => 'works';`);
  const cache = join(dir, 'ro', 'code-cache');
  mkdirSync(join(dir, 'ro'));
  chmodSync(join(dir, 'ro'), 0o555);
  // Root may write anyway; either way the module runs and save() does not throw.
  assert.is(load(cache, file).value, 'works');
  chmodSync(join(dir, 'ro'), 0o755);
});

test('a module that does not compile reports Node\'s own error', ({ dir }) => {
  const file = join(dir, 'broken.js');
  writeFileSync(file, `module.exports = () => {;`);
  const script = `require(${JSON.stringify(loader)}).installCodeCache(${JSON.stringify(join(dir, 'cache'))}); require(${JSON.stringify(file)});`;
  const ran = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.is.not(ran.status, 0);
  assert.match(ran.stderr, /SyntaxError/);
  assert.match(ran.stderr, /broken\.js/);
});

test('the build warms the cache of swarm up, which then starts from it', () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  // SWARM_TEST_BUILT: the suite's build ran before the files; a file run alone builds here.
  if (process.env.SWARM_TEST_BUILT !== '1') assert.match(built.stdout, /warmed swarm up's code cache \(\d+ modules\)/);
  // A bundle of dist/ is cached under the hash of its path, size and time (cli/bin/code-cache.cjs): swarm up's own and
  // the Fastify bundle it loads once its read models are current are both there.
  const cached = new Set(readdirSync('dist/code-cache').filter((f) => f.endsWith('.v8')));
  for (const bundle of ['swarm/up.cjs', 'shared/fastify.cjs']) {
    const filename = resolve('dist', 'cmd', bundle);
    const { size, mtimeMs } = statSync(filename);
    const key = createHash('sha1').update(filename).update('\0').update(`${size}\0${mtimeMs}`).digest('hex');
    assert.ok(cached.has(`${key}.v8`), `${bundle} has no code cache`);
  }
});

test.run();
