import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openOperatorTokens, operatorsFile } from '../../infra/auth/operator-tokens.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const tempHome = () => mkdtempSync(join(tmpdir(), 'swarmlog-operators-'));
const swarm = (home: string, args: string[], env: Record<string, string> = {}) => {
  const e: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home, ...env };
  if (!env.SWARM_AGENT) delete e.SWARM_AGENT;
  return spawnSync(process.execPath, ['cli/bin/swarm', ...args], { env: e, encoding: 'utf8' });
};

test('the operator file is private (0600) and holds only hashes of the tokens', () => {
  const home = tempHome();
  try {
    const tokens = openOperatorTokens(home);
    const first = tokens.ensureFirst()!;
    assert.is(first.name, 'admin');
    assert.is(tokens.ensureFirst(), undefined, 'only the first start makes a token');
    const added = tokens.add('ana');
    assert.is(added.kind, 'added');
    assert.is(statSync(operatorsFile(home)).mode & 0o777, 0o600);
    const text = readFileSync(operatorsFile(home), 'utf8');
    assert.not.ok(text.includes(first.token));
    assert.equal(Object.keys(JSON.parse(text).operators[0]).sort(), ['createdAt', 'name', 'tokenSha256']);
    assert.is(tokens.operatorOf(first.token), 'admin');
    assert.is(tokens.operatorOf(`${first.token}x`), undefined);
    assert.is(tokens.add('ana').kind, 'exists');
    assert.is(tokens.add('no spaces').kind, 'bad_name');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('swarm operator add prints a token once; list shows names only; remove revokes it', () => {
  const home = tempHome();
  try {
    const added = swarm(home, ['operator', 'add', 'ana', '--json']);
    assert.is(added.status, 0, added.stderr);
    const { name, token } = JSON.parse(added.stdout);
    assert.is(name, 'ana');
    assert.is(openOperatorTokens(home).operatorOf(token), 'ana');
    assert.is(statSync(operatorsFile(home)).mode & 0o777, 0o600);
    const listed = swarm(home, ['operator', 'list', '--json']);
    assert.equal(JSON.parse(listed.stdout).operators.map((o: { name: string }) => o.name), ['ana']);
    assert.not.ok(listed.stdout.includes(token));
    const again = swarm(home, ['operator', 'add', 'ana']);
    assert.is(again.status, 1);
    const bad = swarm(home, ['operator', 'add', 'a b']);
    assert.is(bad.status, 2);
    assert.match(bad.stderr, /NAME/);
    const byAgent = swarm(home, ['operator', 'add', 'sneaky'], { SWARM_AGENT: 'builder' });
    assert.is(byAgent.status, 1);
    assert.is(openOperatorTokens(home).operatorOf(token), 'ana');
    assert.is(swarm(home, ['operator', 'remove', 'ana']).status, 0);
    assert.is(openOperatorTokens(home).operatorOf(token), undefined);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('swarm up --port 0 prints the dashboard URL with a token that works for a mutation, and only on first start', async () => {
  const home = tempHome();
  const start = async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'silent' };
    delete env.SWARM_AGENT;
    const child = spawn(process.execPath, ['cli/bin/swarm', 'up', '--no-agents', '--no-scheduler', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const deadline = Date.now() + 30_000;
    while (!out.includes('Ctrl-C stops')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`swarm up did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const stop = async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    };
    return { out, stop };
  };
  try {
    const first = await start();
    try {
      const match = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(first.out);
      assert.ok(match, first.out);
      const [, url, token] = match!;
      const health = await (await fetch(`${url}/health`)).json();
      assert.is(health.status, 'ok');
      const page = await fetch(`${url}/`);
      assert.is(page.status, 200);
      const unauthorized = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"message":"hi"}' });
      assert.is(unauthorized.status, 401);
      const sent = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"message":"hi"}' });
      assert.is(sent.status, 200, await sent.clone().text());
      const chat = await (await fetch(`${url}/api/chat`)).json();
      assert.equal(chat.map((p: { author: string; content: string }) => [p.author, p.content]), [['admin', 'hi']]);
    } finally {
      await first.stop();
    }
    const second = await start();
    await second.stop();
    assert.match(second.out, /Dashboard: http:\/\/127\.0\.0\.1:\d+\n/);
    assert.not.match(second.out, /#token=/);
    assert.match(second.out, /swarm operator add NAME/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('swarm up on a port that is taken says so and exits (nothing is left running)', async () => {
  const home = tempHome();
  const { createServer } = await import('node:net');
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
  const port = (holder.address() as { port: number }).port;
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'silent' };
    delete env.SWARM_AGENT;
    const r = spawnSync(process.execPath, ['cli/bin/swarm', 'up', '--no-agents', '--no-scheduler', '--port', String(port)], { env, encoding: 'utf8', timeout: 30_000 });
    assert.is(r.status, 1, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, new RegExp(`cannot listen on 127.0.0.1:${port}`));
  } finally {
    holder.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
