import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEsdbNodeProcess } from '../e2e/esdb-node.js';
import { checkBubblewrap, checkIntegrations, checkNode, checkSqliteFolder, checkStore } from '../../cli/doctor/doctor-checks.js';

/** Issue K point 4: `swarm doctor`, through the built bin, and its checks alone where a machine cannot be changed. */
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
const root = process.cwd();

type Check = { name: string; group: string; status: 'ok' | 'warn' | 'missing' | 'info'; detail: string; fix?: string };
type Report = { ok: boolean; home: string; store: string; driver: string; checks: Check[] };

const doctor = (args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string; bin?: string } = {}) => {
  const clean: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const k of Object.keys(clean)) if (clean[k] === undefined) delete clean[k];
  delete clean.SWARM_AGENT;
  const r = spawnSync(process.execPath, [options.bin ?? join(root, 'cli', 'bin', 'swarm'), 'doctor', ...args], { cwd: options.cwd ?? tmpdir(), env: clean, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const byName = (r: Report) => new Map(r.checks.map((c) => [c.name, c]));

test('from any folder, and through an npm-link style symlink, swarm doctor finds <installation>/data and checks everything', () => {
  const linkDir = mkdtempSync(join(tmpdir(), 'swarmlog-link-'));
  try {
    symlinkSync(join(root, 'cli', 'bin', 'swarm'), join(linkDir, 'swarm'));
    for (const bin of [undefined, join(linkDir, 'swarm')]) {
      const r = doctor(['--json'], { SWARM_HOME: undefined, SWARM_STORE: undefined, SWARM_CONFIG: undefined }, { cwd: linkDir, ...(bin ? { bin } : {}) });
      assert.is(r.code, 0, r.stderr + r.stdout);
      const report = JSON.parse(r.stdout) as Report;
      assert.is(report.home, join(root, 'data'));
      assert.is(report.store, `sqlite:${join(root, 'data', 'swarm.db')}`);
      assert.ok(report.ok);
      const names = [...byName(report).keys()];
      for (const n of ['node', 'sqlite', 'swarm home', 'config', 'bubblewrap', 'driver', 'claude', 'codex', 'anthropic api', 'chromium', 'slack', 'github', 'gumroad', 'npm', 'vercel', 'aws ssm', 'qdrant', 'store', 'disk'])
        assert.ok(names.includes(n), `checks ${n}`);
      assert.is(byName(report).get('node')!.status, 'ok');
      assert.is(byName(report).get('sqlite')!.status, 'ok');
    }
  } finally {
    rmSync(linkDir, { recursive: true, force: true });
  }
});

test('settings are reported set or unset, never their values; a half-configured integration is a warning with its fix', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-doctor-'));
  try {
    const secrets = { GITHUB_TOKEN: 'ghp_doctorSecretValue123', SLACK_BOT_TOKEN: 'xoxb-doctor-secret-456', ANTHROPIC_API_KEY: 'sk-ant-doctor-789', QDRANT_URL: 'http://127.0.0.1:6333' };
    const r = doctor([], { SWARM_HOME: home, ...secrets });
    const json = doctor(['--json'], { SWARM_HOME: home, ...secrets });
    for (const value of Object.values(secrets).slice(0, 3)) {
      assert.not.ok(r.stdout.includes(value), 'a secret value in the text');
      assert.not.ok(json.stdout.includes(value), 'a secret value in the JSON');
    }
    const checks = byName(JSON.parse(json.stdout) as Report);
    assert.is(checks.get('github')!.status, 'ok');
    assert.match(checks.get('github')!.detail, /GITHUB_TOKEN set, GITHUB_API_URL unset/);
    assert.is(checks.get('slack')!.status, 'warn');
    assert.match(checks.get('slack')!.fix!, /SLACK_SIGNING_SECRET=…/);
    assert.is(checks.get('anthropic api')!.status, 'ok');
    assert.is(checks.get('gumroad')!.status, 'info');
    assert.match(checks.get('store')!.detail, /no log yet at .*swarm\.db: `npm start`/);
    assert.match(r.stdout, /^Worth fixing:\n {2}WARN slack: export SLACK_SIGNING_SECRET=…/m);
    assert.is(r.code, 0);
    // With a store, its size.
    assert.is(spawnSync(process.execPath, [join(root, 'cli', 'bin', 'swarm'), 'task', 'create', '--type', 'research', '--payload', '{"title":"x"}'], { env: { ...process.env, SWARM_HOME: home } }).status, 0);
    const withStore = byName(JSON.parse(doctor(['--json'], { SWARM_HOME: home }).stdout) as Report);
    assert.match(withStore.get('store')!.detail, /swarm\.db: \d+(\.\d)? (KiB|MiB) in \d+ files/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('something required missing: an unwritable SWARM_HOME or a bad config exits 1 naming it and the fix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-doctor-'));
  try {
    writeFileSync(join(dir, 'a-file'), '');
    const r = doctor([], { SWARM_HOME: join(dir, 'a-file', 'data') });
    assert.is(r.code, 1, r.stdout);
    assert.match(r.stdout, /MISSING swarm home +SWARM_HOME=.*a-file\/data is not writable: .*a-file is a file, not a folder/);
    assert.match(r.stdout, /To fix \(required first\):\n {2}MISSING swarm home: set SWARM_HOME to a folder you can write/);
    assert.match(r.stdout, /Not ready: swarm home missing\./);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ tokens: { sessionMaks: 5 } }));
    const bad = doctor(['--json'], { SWARM_HOME: dir });
    assert.is(bad.code, 1);
    const config = byName(JSON.parse(bad.stdout) as Report).get('config')!;
    assert.is(config.status, 'missing');
    assert.match(config.detail, /tokens\.sessionMaks: not a setting/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('with an LLM driver chosen, a missing bubblewrap and a missing CLI are required (exit 1); with sim, bubblewrap is a warning', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-doctor-'));
  try {
    // A PATH with node alone: neither bwrap nor claude can be found.
    const nodeOnly = mkdtempSync(join(tmpdir(), 'swarmlog-path-'));
    symlinkSync(process.execPath, join(nodeOnly, 'node'));
    const llm = doctor(['--json', '--driver', 'claude'], { SWARM_HOME: home, PATH: nodeOnly });
    assert.is(llm.code, 1, llm.stdout);
    const checks = byName(JSON.parse(llm.stdout) as Report);
    assert.is(checks.get('bubblewrap')!.status, 'missing');
    assert.match(checks.get('bubblewrap')!.fix!, /apt-get install bubblewrap/);
    assert.is(checks.get('claude')!.status, 'missing');
    assert.match(checks.get('claude')!.fix!, /npm install -g @anthropic-ai\/claude-code/);
    const sim = doctor(['--json'], { SWARM_HOME: home, PATH: nodeOnly });
    assert.is(sim.code, 0, sim.stdout);
    assert.is(byName(JSON.parse(sim.stdout) as Report).get('bubblewrap')!.status, 'warn');
    assert.is(byName(JSON.parse(sim.stdout) as Report).get('claude')!.status, 'info');
    rmSync(nodeOnly, { recursive: true, force: true });
    // SWARM_BWRAP names the executable, as for swarm up.
    const named = byName(JSON.parse(doctor(['--json'], { SWARM_HOME: home, SWARM_BWRAP: '/nonexistent/bwrap' }).stdout) as Report);
    assert.is(named.get('bubblewrap')!.status, 'warn');
    assert.match(named.get('bubblewrap')!.detail, /\/nonexistent\/bwrap: not installed/);
    assert.is(doctor(['--driver', 'gpt'], { SWARM_HOME: home }).code, 2);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('the checks alone: Node below 20 is missing; bubblewrap that cannot make namespaces; an integration with nothing set is a fact', () => {
  assert.is(checkNode('18.19.0').status, 'missing');
  assert.is(checkNode('20.0.0').status, 'ok');
  const forbidden = () => ({ ok: false as const, reason: 'bwrap cannot create namespaces here: No permissions to create new namespace' });
  assert.is(checkBubblewrap({ name: 'sim', why: 'no LLM configured' }, forbidden).status, 'warn');
  const refused = checkBubblewrap({ name: 'codex', why: 'SWARM_DRIVER' }, forbidden);
  assert.is(refused.status, 'missing');
  assert.match(refused.fix!, /user namespaces/);
  const none = checkIntegrations({});
  assert.ok(none.every((c) => c.status === 'info'));
});

test('SQLite files on a network file system are a warning naming the fix; a remote log’s go to SWARM_STATE_DIR', () => {
  const nfs = 0x6969;
  const ext4 = 0xef53;
  assert.is(checkSqliteFolder('/data', ext4, true).status, 'ok');
  const remote = checkSqliteFolder('/data', nfs, false);
  assert.is(remote.status, 'warn');
  assert.match(remote.detail, /\/data is on NFS: SQLite files \(the read models and the memory index\)/);
  assert.match(remote.fix!, /SWARM_STATE_DIR=/);
  const embedded = checkSqliteFolder('/data', nfs, true);
  assert.match(embedded.detail, /the embedded log and its read models/);
  assert.match(embedded.fix!, /own disk/);
  // Where the check looks: the state folder for a remote log, the log's own folder for an embedded one.
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-doctor-state-'));
  try {
    const state = join(home, 'state');
    const forRemote = checkStore(home, 'kurrentdb://a:2113?tls=false', { SWARM_STATE_DIR: state }).find((c) => c.name === 'sqlite files')!;
    assert.match(forRemote.detail, new RegExp(`^${state} `));
    const models = checkStore(home, 'kurrentdb://a:2113?tls=false', { SWARM_STATE_DIR: state }).find((c) => c.name === 'read models')!;
    assert.match(models.detail, new RegExp(`^in ${state} \\(the log is on EventStoreDB`));
    assert.match(checkStore(home, `sqlite:${join(home, 'swarm.db')}`, {}).find((c) => c.name === 'sqlite files')!.detail, new RegExp(`^${home} `));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a log on EventStoreDB is asked for its head: answering is ok, not answering is missing (exit 1) with the fix', async () => {
  const node = await startEsdbNodeProcess();
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-doctor-esdb-'));
  try {
    const up = doctor(['--json'], { SWARM_HOME: home, SWARM_STORE: node.connectionString });
    const answering = byName(JSON.parse(up.stdout) as Report).get('store')!;
    assert.is(answering.status, 'ok', up.stdout + up.stderr);
    assert.match(answering.detail, /the server answers \(head position \d+\)/);
    await node.stop();
    const down = doctor([], { SWARM_HOME: home, SWARM_STORE: node.connectionString });
    assert.is(down.code, 1, down.stdout + down.stderr);
    assert.match(down.stdout, /MISSING +store +\S+: the server does not answer/);
    assert.match(down.stdout, /MISSING store: start the EventStoreDB \/ KurrentDB server, or correct SWARM_STORE/);
    assert.match(down.stdout, /Not ready: store missing/);
  } finally {
    node.end();
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
