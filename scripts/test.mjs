// `npm test`: installs what the tests need when it is missing, builds, runs every uvu test file in its own
// process (two at a time: the machines have two cores) and ends with the line `N passed, N failed`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));
const concurrency = Number(process.env.TEST_CONCURRENCY ?? 2);

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' ? [] : walk(p);
    return p.endsWith('.test.ts') ? [p] : [];
  });

const files = walk('test')
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

// Debian packages the tests need: Chromium for the browser tests, bubblewrap for the agent sandbox (every agent run
// in the tests runs inside it, as in production), docker-compose for the deploy tests.
// A test that drives Chromium imports playwright-core, wherever it lives (test/browser, test/whatif, test/e2e …).
const needsBrowser = files.some((f) => f.includes(`${join('test', 'browser')}`) || /playwright-core|browser-session/.test(readFileSync(f, 'utf8')));
const missing = [
  ...(needsBrowser && !existsSync('/usr/bin/chromium') ? ['chromium'] : []),
  ...(spawnSync('bwrap', ['--version']).status === 0 ? [] : ['bubblewrap']),
  // Debian's docker-compose validates infra/compose/docker-compose.yml (config -q needs no Docker engine).
  ...(files.some((f) => f.includes(join('test', 'deploy'))) && spawnSync('docker-compose', ['version']).error ? ['docker-compose'] : []),
];
if (missing.length > 0) {
  if (process.getuid?.() === 0) {
    console.log(`installing Debian ${missing.join(' and ')} for the tests (apt-get)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
    if (r.status !== 0) console.log(`${missing.join(' and ')} could not be installed: the tests that need them will fail`);
  } else {
    console.log(`${missing.join(' and ')} missing and this is not root: install them (apt-get install ${missing.join(' ')})`);
  }
}

// The real agent CLIs (Claude Code, Codex) at their pinned versions for the driver tests that run them: installed
// into a cache outside the project's dependencies when missing (scripts/agent-clis.mjs prints where).
if (files.some((f) => /((claude|codex)-real|harness-versions|real-harness-pipeline)\.test\.ts$/.test(f))) {
  const clis = spawnSync(process.execPath, ['scripts/agent-clis.mjs'], { stdio: 'inherit' });
  if (clis.status !== 0) console.log('the agent CLIs could not be installed: the tests that run them will fail');
}

const built = spawnSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const strip = (s) => s.replace(/\u001b\[[0-9;]*m/g, '');
const count = (text, label) => {
  const m = strip(text).match(new RegExp(`${label}:\\s+(\\d+)`));
  return m ? Number(m[1]) : undefined;
};

const runFile = (file) =>
  new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      env: { ...process.env, NO_COLOR: '1', SWARM_TEST_BUILT: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => {
      const total = count(out, 'Total');
      const passed = count(out, 'Passed') ?? 0;
      const skipped = count(out, 'Skipped') ?? 0;
      let failed = total === undefined ? 1 : total - passed - skipped;
      if (code !== 0 && failed === 0) failed = 1; // a crash after the summary still fails the file
      resolve({ file, passed, failed, skipped, out, ms: Date.now() - started });
    });
  });

const results = [];
const queue = [...files];
await Promise.all(
  Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    while (queue.length) {
      const file = queue.shift();
      const r = await runFile(file);
      results.push(r);
      const mark = r.failed ? 'FAIL' : 'ok  ';
      console.log(`${mark} ${file}  (${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}, ${(r.ms / 1000).toFixed(1)} s)`);
      if (r.failed) console.log(r.out.split('\n').map((l) => `     ${l}`).join('\n'));
    }
  }),
);

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
const skipped = results.reduce((n, r) => n + r.skipped, 0);
if (skipped) console.log(`${skipped} skipped (not counted as passed)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
