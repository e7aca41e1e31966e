import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

/**
 * Issue K point 3: one swarm, wherever you type. A read command never creates an empty store: with no log it says
 * where it looked and how to start one (exit 1). A write creates it, and every folder then finds the same swarm.
 */
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
const bin = join(process.cwd(), 'cli', 'bin');

const run = (home: string, cwd: string, b: string, args: string[]) => {
  const env = { ...process.env, SWARM_HOME: home } as NodeJS.ProcessEnv;
  delete env.SWARM_AGENT;
  delete env.SWARM_STORE;
  const r = spawnSync(process.execPath, [join(bin, b), ...args], { cwd, env, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const reads: [string, string[]][] = [
  ['swarm', ['status']],
  ['swarm', ['agents']],
  ['swarm', ['task', 'list']],
  ['swarm', ['task', 'show', '0123abcd']],
  ['swarm', ['approvals']],
  ['swarm', ['projects']],
  ['swarm', ['proposals']],
  ['swarm', ['events']],
  ['swarm', ['replay', '--task', '0123abcd']],
  ['swarm', ['ledger']],
  ['swarm', ['ledger', '--audit']],
  ['swarm', ['budget']],
  ['swarm', ['mail', 'inbox', 'hunter']],
  ['swarm', ['lock', 'list']],
  ['swarm', ['discuss', '--recent']],
  ['swarm', ['rebuild']],
  ['claude-tasks', ['list']],
  ['claude-tasks', ['approvals']],
  ['claude-swarm', ['status']],
  ['claude-swarm', ['proposals']],
];

test('a read command on a SWARM_HOME with no log creates nothing, says where it looked and how to start one, exit 1', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-noswarm-'));
  try {
    for (const [b, args] of reads) {
      const r = run(home, tmpdir(), b, args);
      const said = `${b} ${args.join(' ')}: ${r.stderr}${r.stdout}`;
      assert.is(r.code, 1, said);
      assert.match(r.stderr, `no log at ${join(home, 'swarm.db')}`, said);
      assert.match(r.stderr, /npm start.*swarm up/, said);
      assert.equal(readdirSync(home), [], `${b} ${args.join(' ')} left files in SWARM_HOME`);
    }
    const json = run(home, tmpdir(), 'swarm', ['status', '--json']);
    assert.is(json.code, 1);
    assert.equal(JSON.parse(json.stdout), { status: 'error', error: JSON.parse(json.stdout).error, noStore: true, home, log: join(home, 'swarm.db') });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a write creates the store; then the same swarm answers from any folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-oneswarm-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'swarmlog-elsewhere-'));
  try {
    const created = run(home, elsewhere, 'swarm', ['task', 'create', '--type', 'research', '--payload', '{"title":"Niche: invoice templates"}', '--json']);
    assert.is(created.code, 0, created.stderr);
    assert.ok(existsSync(join(home, 'swarm.db')));
    for (const cwd of [process.cwd(), tmpdir(), elsewhere, '/']) {
      const listed = run(home, cwd, 'swarm', ['task', 'list', '--json']);
      assert.is(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /Niche: invoice templates/);
    }
    assert.not.ok(existsSync(join(elsewhere, 'data')), 'no ./data appeared in the folder the command was typed in');
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test.run();
