// A person's command whose append answer was lost (issue M point 6): the CLI names its command id, and the same
// command run again with that id (SWARM_COMMAND_ID) takes effect once — on EventStoreDB (the emulator losing every
// answer, through the real client) and on the embedded log (a command that did succeed, run again).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEsdbEmulator } from '../fakes/esdb-emulator/emulator-server.js';

test.before(() => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
});

const swarm = (env: Record<string, string>, args: string[]) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    // Asynchronous: the emulator answers in this process while the CLI runs.
    const child = spawn('node', ['cli/bin/swarm', ...args], { env: { ...process.env, SWARM_AGENT: '', SWARM_COMMAND_ID: '', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    child.on('close', (code: number | null) => resolve({ code, out, err }));
  });

const createTask = ['task', 'create', '--type', 'research', '--to', 'hunter', '--payload', '{"title":"Look at CSV tools"}', '--json'];
const taskEvents = async (env: Record<string, string>) =>
  (await swarm(env, ['events', '--json'])).out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string })
    .filter((e) => e.type === 'TaskCreated');

test('EventStoreDB: every answer of the append lost → exit 1 naming SWARM_COMMAND_ID; run again with it → written once', async () => {
  const emulator = await startEsdbEmulator({});
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-retry-'));
  const env = { SWARM_HOME: home, SWARM_STORE: emulator.connectionString };
  try {
    emulator.injectAppendFault('drop', 3); // the append and both resends the adapter makes
    const lost = await swarm(env, createTask);
    assert.is(lost.code, 1, lost.err);
    const named = lost.err.match(/SWARM_COMMAND_ID=([0-9a-f-]{36})/);
    assert.ok(named, lost.err);
    assert.match(lost.err, /may or may not have been written/);
    assert.is(JSON.parse(lost.out.trim().split('\n').pop()!).code, 'append_outcome_unknown');

    const settled = await swarm({ ...env, SWARM_COMMAND_ID: named![1]! }, createTask);
    assert.is(settled.code, 0, settled.err);
    const again = await swarm({ ...env, SWARM_COMMAND_ID: named![1]! }, createTask);
    assert.is(again.code, 0, again.err);
    assert.is(JSON.parse(again.out).id ?? JSON.parse(again.out).taskId, JSON.parse(settled.out).id ?? JSON.parse(settled.out).taskId);
    assert.is((await taskEvents(env)).length, 1);
  } finally {
    await emulator.stop();
    rmSync(home, { recursive: true, force: true });
  }
});

test('embedded log: a command run again with its command id takes effect once; without one, twice', async () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-retry-'));
  const env = { SWARM_HOME: home };
  try {
    const id = '019aef00-0000-7000-8000-000000000001';
    const first = await swarm({ ...env, SWARM_COMMAND_ID: id }, createTask);
    assert.is(first.code, 0, first.err);
    const retried = await swarm({ ...env, SWARM_COMMAND_ID: id }, createTask);
    assert.is(retried.code, 0, retried.err);
    assert.equal(JSON.parse(retried.out), JSON.parse(first.out));
    assert.is((await taskEvents(env)).length, 1);
    const other = await swarm({ ...env, SWARM_COMMAND_ID: '' }, [...createTask, '--allow-duplicates']);
    assert.is(other.code, 0, other.err);
    assert.is((await taskEvents(env)).length, 2);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
