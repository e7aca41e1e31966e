import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RunSandbox } from '../../agents/sandbox/run-sandbox.js';
import { installationRoot } from '../../cli/installation.js';
import { bubblewrapSandboxFactory } from '../../infra/sandbox/bubblewrap-sandbox.js';

// The bubblewrap sandbox on its own (SPEC §6 "Containment"): what a run sees, what it may write, its network.
const test = suite('bubblewrap sandbox');

const setup = () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-sbx-'));
  const extra = mkdtempSync(join(tmpdir(), 'swarmlog-sbx-tools-'));
  writeFileSync(join(extra, 'tool.txt'), 'a tool');
  writeFileSync(join(extra, 'hidden.db'), 'the log');
  const login = join(extra, 'credentials.json');
  writeFileSync(login, '{"login":"yes"}');
  writeFileSync(join(home, 'swarm.db'), 'the log');
  mkdirSync(join(home, 'projects'), { recursive: true });
  mkdirSync(join(home, 'specs'), { recursive: true });
  writeFileSync(join(home, 'specs', 'a.md'), 'spec');
  const socket = join(home, 'agent.sock');
  writeFileSync(socket, '');
  const factory = bubblewrapSandboxFactory({ command: 'bwrap', installationRoot: installationRoot(), swarmHome: home, endpointSocket: socket, readOnlyPaths: [extra], hiddenFiles: [join(extra, 'hidden.db')] });
  const runFolder = join(home, 'runs', 'r1');
  const sandbox = factory({ runFolder, home: join(runFolder, 'home'), writable: [join(home, 'projects')], readOnly: [join(home, 'specs')], homeFiles: { '.claude/.credentials.json': login } });
  return { home, extra, runFolder, sandbox };
};

/** Runs a Node script inside the sandbox and returns what it printed (JSON). */
const inside = (sandbox: RunSandbox, cwd: string, script: string, network = false, env: Record<string, string> = {}): Promise<Record<string, unknown>> => {
  const wrapped = sandbox.wrap({ command: process.execPath, args: ['-e', script], cwd, env: { PATH: '/usr/bin:/bin', ...env } }, { network });
  return new Promise((resolve, reject) => {
    const child = spawn(wrapped.command, [...wrapped.args], { cwd: wrapped.cwd, env: { ...wrapped.env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', () => {
      try {
        resolve(JSON.parse(out));
      } catch {
        reject(new Error(`no JSON from the sandbox: ${out}\n${err}`));
      }
    });
  });
};

const probe = `
const fs = require('node:fs');
const tryIt = (f) => { try { return String(f()); } catch (e) { return e.code || e.message; } };
const [home, extra] = process.argv.slice(1);
console.log(JSON.stringify({
  store: tryIt(() => fs.readFileSync(home + '/swarm.db', 'utf8')),
  spec: tryIt(() => fs.readFileSync(home + '/specs/a.md', 'utf8')),
  writeSpec: tryIt(() => fs.writeFileSync(home + '/specs/b.md', 'x')),
  writeProject: tryIt(() => { fs.writeFileSync(home + '/projects/p.txt', 'x'); return 'ok'; }),
  writeRun: tryIt(() => { fs.writeFileSync('out.txt', 'x'); return 'ok'; }),
  tool: tryIt(() => fs.readFileSync(extra + '/tool.txt', 'utf8')),
  hidden: tryIt(() => fs.readFileSync(extra + '/hidden.db', 'utf8')),
  login: tryIt(() => fs.readFileSync(process.env.HOME + '/.claude/.credentials.json', 'utf8')),
  writeLogin: tryIt(() => fs.writeFileSync(process.env.HOME + '/.claude/.credentials.json', 'x')),
  writeHome: tryIt(() => { fs.writeFileSync(process.env.HOME + '/notes', 'x'); return 'ok'; }),
  home: process.env.HOME,
  endpoint: process.env.SWARM_AGENT_ENDPOINT,
  processes: fs.readdirSync('/proc').filter((p) => /^\\d+$/.test(p)).length,
}));`;

test('a run sees its folders, its role’s folders, the toolchain and its HOME files; nothing else of $SWARM_HOME', async () => {
  const { home, extra, runFolder, sandbox } = setup();
  const seen = await inside(sandbox, runFolder, `process.argv.splice(1, 0, ${JSON.stringify(home)}, ${JSON.stringify(extra)}); ${probe}`);
  assert.is(seen.store, 'ENOENT');
  assert.is(seen.spec, 'spec');
  assert.is(seen.writeSpec, 'EROFS');
  assert.is(seen.writeProject, 'ok');
  assert.is(seen.writeRun, 'ok');
  assert.is(seen.tool, 'a tool');
  assert.ok(seen.hidden === '' || seen.hidden === 'EACCES', `a hidden file in a visible tree is masked (got ${String(seen.hidden)})`);
  assert.is(seen.login, '{"login":"yes"}');
  assert.is(seen.writeLogin, 'EROFS');
  assert.is(seen.writeHome, 'ok');
  assert.is(seen.home, join(runFolder, 'home'));
  assert.is(seen.endpoint, '/run/swarm/agent.sock');
  assert.ok((seen.processes as number) <= 3, `its own PID namespace (saw ${seen.processes} processes)`);
  assert.is(readFileSync(join(home, 'projects', 'p.txt'), 'utf8'), 'x');
  assert.is(readFileSync(join(runFolder, 'out.txt'), 'utf8'), 'x');
});

test('a what-if fork\'s run sees its work folders at the live home\'s paths too, as writable or read-only as they are, and nothing else of the live home', async () => {
  const live = mkdtempSync(join(tmpdir(), 'swarmlog-sbx-live-'));
  writeFileSync(join(live, 'swarm.db'), 'the live log');
  mkdirSync(join(live, 'projects', 'p1'), { recursive: true });
  writeFileSync(join(live, 'projects', 'p1', 'live.txt'), 'the live product');
  const fork = join(live, 'forks', 'wf-test');
  for (const f of ['projects', 'specs']) mkdirSync(join(fork, f), { recursive: true });
  writeFileSync(join(fork, 'specs', 's.md'), 'the fork\'s copy of the spec');
  const socket = join(fork, 'agent.sock');
  writeFileSync(socket, '');
  const factory = bubblewrapSandboxFactory({ command: 'bwrap', installationRoot: installationRoot(), swarmHome: fork, endpointSocket: socket, readOnlyPaths: [], hiddenFiles: [] });
  const runFolder = join(fork, 'runs', 'r1');
  const [projects, specs] = [join(fork, 'projects'), join(fork, 'specs')];
  const sandbox = factory({
    runFolder,
    home: join(runFolder, 'home'),
    writable: [projects],
    readOnly: [specs],
    homeFiles: {},
    alsoAt: [
      { folder: projects, inside: join(live, 'projects') },
      { folder: specs, inside: join(live, 'specs') },
    ],
  });
  const seen = await inside(
    sandbox,
    runFolder,
    `const fs = require('node:fs'); const live = ${JSON.stringify(live)};
const tryIt = (f) => { try { return String(f()); } catch (e) { return e.code || e.message; } };
console.log(JSON.stringify({
  spec: tryIt(() => fs.readFileSync(live + '/specs/s.md', 'utf8')),
  writeSpec: tryIt(() => fs.writeFileSync(live + '/specs/b.md', 'x')),
  writeProduct: tryIt(() => { fs.mkdirSync(live + '/projects/p1', { recursive: true }); fs.writeFileSync(live + '/projects/p1/fork.txt', 'x'); return 'ok'; }),
  liveProduct: tryIt(() => fs.readFileSync(live + '/projects/p1/live.txt', 'utf8')),
  liveLog: tryIt(() => fs.readFileSync(live + '/swarm.db', 'utf8')),
}));`,
  );
  assert.is(seen.spec, 'the fork\'s copy of the spec');
  assert.is(seen.writeSpec, 'EROFS');
  assert.is(seen.writeProduct, 'ok');
  assert.is(seen.liveProduct, 'ENOENT', 'the live product folder is not what the run sees there');
  assert.is(seen.liveLog, 'ENOENT');
  assert.is(readFileSync(join(projects, 'p1', 'fork.txt'), 'utf8'), 'x', 'what the run wrote at the live path is in the fork');
  assert.not.ok(existsSync(join(live, 'projects', 'p1', 'fork.txt')), 'and not in the live home');
});

test('the network is there only when the driver needs it', async () => {
  const { runFolder, sandbox } = setup();
  const server = createServer((_, res) => res.end('hello'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const fetchIt = `fetch('http://127.0.0.1:${port}/').then(async (r) => console.log(JSON.stringify({ got: await r.text() })), (e) => console.log(JSON.stringify({ got: e.cause?.code || e.message })))`;
  try {
    assert.equal(await inside(sandbox, runFolder, fetchIt, false), { got: 'ECONNREFUSED' });
    assert.equal(await inside(sandbox, runFolder, fetchIt, true), { got: 'hello' });
  } finally {
    server.close();
  }
});

test.run();
