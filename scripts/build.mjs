// Compiles the TypeScript sources to dist/ so the bins start on plain JavaScript (agents call the CLI constantly).
// Each entry point is bundled with its pure-JS dependencies (fewer files to load at start-up); native and
// large optional packages stay external. Code splitting lets a command load only the modules it needs.
// `npm test` builds once before running the test files in parallel; a test file that asks for a build (so it also
// works when run on its own) must not rewrite dist/ under the feet of the others.
if (process.env.SWARM_TEST_BUILT === '1') process.exit(0);
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const requireFrom = createRequire(import.meta.url);
// fp-ts and io-ts ship CommonJS (lib/) and ES modules (es6/); bundling the ES modules lets esbuild drop what a
// command does not use, so each CLI call loads less code.
const esModulesOfFpTs = {
  name: 'fp-ts-and-io-ts-as-es-modules',
  setup(b) {
    b.onResolve({ filter: /^fp-ts\/lib\// }, (a) => ({ path: requireFrom.resolve(a.path.replace('fp-ts/lib/', 'fp-ts/es6/')) }));
    b.onResolve({ filter: /^io-ts(\/lib\/index(\.js)?)?$/ }, () => ({ path: requireFrom.resolve('io-ts/es6/index.js') }));
    b.onResolve({ filter: /^io-ts\/lib\// }, (a) => ({ path: requireFrom.resolve(a.path.replace('io-ts/lib/', 'io-ts/es6/')) }));
  },
};

const entryPoints = [
  'cli/swarm.ts',
  'cli/claude-swarm.ts',
  'cli/claude-tasks.ts',
  'agents/sim/sim-agent.ts',
  // A worker thread of `swarm rebuild` (infra/projections/parallel-catch-up.ts finds it here).
  'infra/projections/rebuild-worker.ts',
].filter((p) => existsSync(p));

const started = Date.now();
await build({
  entryPoints,
  outdir: 'dist',
  outbase: '.',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Pure-JS dependencies are bundled (one file read instead of dozens of CommonJS modules per call); the native
  // SQLite binding, the EventStoreDB client (loaded only for esdb:// stores) and pino (`swarm up` only) stay external;
  // so does Fastify with its plugins (`swarm up` only; swagger-ui and static serve files found beside their modules).
  // Slack's Bolt (with Express) and Web API client: `swarm up` and `swarm slack check` only.
  external: ['better-sqlite3', '@kurrent/kurrentdb-client', '@kurrent/bridge', '@grpc/grpc-js', 'pino', 'fastify', '@fastify/*', '@slack/*'],
  logLevel: 'warning',
  plugins: [esModulesOfFpTs],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
console.log(`built ${entryPoints.length} entry points into dist/ in ${Date.now() - started} ms`);

// The fast path for one-shot commands: each command of each bin is also bundled alone as CommonJS in
// dist/cmd/<bin>/<command>.cjs, which the bin shims load when it exists. One CommonJS file starts markedly faster
// than a graph of ES module chunks (no ES module loader, one file read), and agents call the CLI constantly.
// `swarm up` too: a new host joining a long-running swarm must serve soon (issue 21), and its bundle is compiled from
// V8's code cache (cli/bin/code-cache.cjs, kept in dist/code-cache/, emptied here as every bundle changes).
const { readFileSync, mkdirSync, rmSync } = await import('node:fs');
const { resolve: resolvePath, dirname: dirOf } = await import('node:path');
const fastStarted = Date.now();
const fastEntries = [];
for (const bin of ['swarm', 'claude-tasks', 'claude-swarm']) {
  const table = `cli/tables/${bin}-table.ts`;
  if (!existsSync(table)) continue;
  for (const [, name, module] of readFileSync(table, 'utf8').matchAll(/^\s*'?([a-z][a-z-]*)'?: \(\) => import\('(\.[^']+)'\)/gm)) {
    fastEntries.push({ bin, name, module: resolvePath(dirOf(table), module.replace(/\.js$/, '.ts')) });
  }
}
rmSync('dist/cmd', { recursive: true, force: true });
rmSync('dist/code-cache', { recursive: true, force: true });
mkdirSync('dist/cmd', { recursive: true });
const commandBundles = {
  outdir: 'dist/cmd',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', '@kurrent/kurrentdb-client', '@kurrent/bridge', '@grpc/grpc-js', 'fastify', '@fastify/*', '@slack/*'],
  logLevel: 'error',
  // Modules that find files next to themselves use import.meta.url; in CommonJS it is this file's URL.
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [
    esModulesOfFpTs,
    {
      name: 'fast-entries',
      setup(b) {
        b.onResolve({ filter: /^fast-entry:/ }, (a) => ({ path: a.path.slice('fast-entry:'.length), namespace: 'fast-entry' }));
        b.onLoad({ filter: /.*/, namespace: 'fast-entry' }, (a) => {
          const entry = fastEntries.find((e) => `${e.bin}/${e.name}` === a.path);
          return {
            resolveDir: process.cwd(),
            loader: 'ts',
            contents: `import { runCli } from ${JSON.stringify(resolvePath('cli/run-cli.ts'))};
import * as command from ${JSON.stringify(entry.module)};
void runCli(${JSON.stringify(entry.bin)}, { ${JSON.stringify(entry.name)}: async () => command }, process.argv.slice(2));`,
          };
        });
      },
    },
  ],
};
const isUp = (e) => e.bin === 'swarm' && e.name === 'up';
await build({
  ...commandBundles,
  entryPoints: [
    ...fastEntries.filter((e) => !isUp(e)).map((e) => ({ in: `fast-entry:${e.bin}/${e.name}`, out: `${e.bin}/${e.name}` })),
    // The rebuild worker thread, started with the code cache (infra/projections/parallel-catch-up.ts).
    { in: 'infra/projections/rebuild-worker.ts', out: 'rebuild-worker' },
  ],
});
// `swarm up` reads its whole bundle at each start: the clients it loads only when a setting asks for them (the
// Anthropic and AWS SDKs, Qdrant's and GitHub's clients, undici under them: more than half of its 5.4 MB) stay in
// node_modules, required when first used. Fastify and its plugins, which it loads once its read models are current,
// are one bundle of their own (dist/cmd/shared/fastify.cjs, with its own code cache; not in dist/cmd/swarm/, where
// it would be a command): from node_modules they were about 350 CommonJS modules, each found, read and run on the
// busiest thread (~100 ms); inside `up.cjs` they would be read, and their cache loaded, before the fold could start.
// Swagger UI is told where its page's files are (ui/server/swagger-ui-files.ts).
const fastifyPackages = ['fastify', '@fastify/rate-limit', '@fastify/static', '@fastify/swagger', '@fastify/swagger-ui', '@fastify/websocket'];
// Where the Fastify bundle is, from dist/cmd/ and from swarm up's bundle.
const fastifyBundle = { out: 'shared/fastify', fromUp: '../shared/fastify.cjs' };
await build({
  ...commandBundles,
  entryPoints: { [fastifyBundle.out]: 'fastify-packages' },
  // Other people's code, read whole at each start: without its whitespace it is 1.7 MB instead of 2.7 (an empty log
  // served 36 ms sooner, 12 alternating pairs). Names are kept, for their errors and Fastify's plugin names.
  minifyWhitespace: true,
  minifySyntax: true,
  external: commandBundles.external.filter((e) => e !== 'fastify' && e !== '@fastify/*'),
  plugins: [
    {
      name: 'fastify-packages',
      setup(b) {
        b.onResolve({ filter: /^fastify-packages$/ }, () => ({ path: 'fastify-packages', namespace: 'fastify-packages' }));
        b.onLoad({ filter: /.*/, namespace: 'fastify-packages' }, () => ({
          resolveDir: process.cwd(),
          contents: `module.exports = { ${fastifyPackages.map((p) => `${JSON.stringify(p)}: require(${JSON.stringify(p)})`).join(', ')} };`,
        }));
      },
    },
  ],
});
await build({
  ...commandBundles,
  entryPoints: fastEntries.filter(isUp).map((e) => ({ in: `fast-entry:${e.bin}/${e.name}`, out: `${e.bin}/${e.name}` })),
  external: [...commandBundles.external, '@anthropic-ai/sdk', '@aws-sdk/*', '@smithy/*', '@qdrant/*', '@octokit/*', 'undici'],
  plugins: [
    ...commandBundles.plugins,
    {
      // Each Fastify package is taken from the Fastify bundle, required where the package would have been.
      name: 'fastify-from-its-bundle',
      setup(b) {
        const packages = new RegExp(`^(${fastifyPackages.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);
        b.onResolve({ filter: packages }, (a) => ({ path: a.path, namespace: 'fastify-from-its-bundle' }));
        b.onResolve({ filter: /^\.\.\/shared\/fastify\.cjs$/ }, (a) => ({ path: a.path, external: true }));
        b.onLoad({ filter: /.*/, namespace: 'fastify-from-its-bundle' }, (a) => ({
          resolveDir: process.cwd(),
          contents: `module.exports = require(${JSON.stringify(fastifyBundle.fromUp)})[${JSON.stringify(a.path)}];`,
        }));
      },
    },
  ],
});
console.log(`built ${fastEntries.length} one-command bundles into dist/cmd/ in ${Date.now() - fastStarted} ms`);

// The CLI inside an agent run: only the client of the agent endpoint (Node's own modules), loaded by cli/bin/launch.cjs.
await build({
  entryPoints: { 'agent-client': 'cli/agent-endpoint/agent-cli-client.ts' },
  // Not in dist/cmd/, which each build empties first: runs in progress keep calling it while a build runs.
  outdir: 'dist/agent',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'error',
});


// The dashboard: Vite builds the Lit app into dist/ui/, which `swarm up` serves. Skipped (with a note) when Vite is
// not installed, e.g. a production install without dev dependencies that ships a prebuilt dist/ui/.
if (existsSync('ui/app/vite.config.ts')) {
  const uiStarted = Date.now();
  const vite = await import('vite').catch(() => undefined);
  if (!vite) console.log('vite is not installed: the dashboard (dist/ui/) was not rebuilt');
  else {
    await vite.build({ configFile: 'ui/app/vite.config.ts', logLevel: 'warn' });
    console.log(`built the dashboard into dist/ui/ in ${Date.now() - uiStarted} ms`);
  }
}

// V8's code cache of `swarm up` (cli/bin/code-cache.cjs), made now so that the first start of this installation (a
// new host joining a swarm, say) does not compile its megabytes of JavaScript from source: a short `swarm up` on an
// empty log, stopped once it has written the cache. Only an optimisation: a warm-up that fails is reported, and the
// first start writes the cache instead. (The fold's worker thread writes its own on its first fold.)
{
  const warmStarted = Date.now();
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, readdirSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const home = mkdtempSync(`${tmpdir()}/swarmlog-warm-`);
  const { SWARM_STORE: _store, SWARM_CONFIG: _config, ...env } = process.env;
  const child = spawn(process.execPath, ['cli/bin/swarm', 'up', '--no-agents', '--no-scheduler', '--port', '0', '--host', '127.0.0.1'], {
    env: { ...env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((done) => child.once('close', done));
  const cached = () => readdirSync('dist/code-cache', { withFileTypes: true }).length > 0;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = output.includes('Ctrl-C stops.') && existsSync('dist/code-cache') && cached();
    if (ready || child.exitCode !== null || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGINT');
  await exited;
  rmSync(home, { recursive: true, force: true });
  if (existsSync('dist/code-cache') && cached()) console.log(`warmed swarm up's code cache (${readdirSync('dist/code-cache').length} modules) in ${Date.now() - warmStarted} ms`);
  else console.log(`swarm up's code cache was not warmed (the first start writes it): ${output.trim().split('\n').slice(-3).join(' | ')}`);
}
