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
  external: ['better-sqlite3', '@eventstore/db-client', '@grpc/grpc-js', 'pino', 'fastify', '@fastify/*'],
  logLevel: 'warning',
  plugins: [esModulesOfFpTs],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
});
console.log(`built ${entryPoints.length} entry points into dist/ in ${Date.now() - started} ms`);

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
