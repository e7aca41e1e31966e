// Issue 21 (deploy): the hosts of a deployment share $SWARM_HOME on a network file system (specs, projects, runs and
// operators every host must see) and keep their SQLite state to themselves in SWARM_STATE_DIR: a remote log's read
// models and memory index, the log's health as the host sees it, the host's log files. Two `swarm up` on one home
// over one EventStoreDB log (the emulator, in a process of its own), each with its own state folder.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEsdbNodeProcess } from './esdb-node.js';
import { swarmHome } from './swarm-process.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

test('two hosts on one home: each folds its read models and logs into its own state folder; an operator made on one is let in by the other', async () => {
  const node = await startEsdbNodeProcess();
  const shared = swarmHome({ SWARM_STORE: node.connectionString });
  const states = [mkdtempSync(join(tmpdir(), 'swarmlog-state-a-')), mkdtempSync(join(tmpdir(), 'swarmlog-state-b-'))];
  try {
    const hosts = [];
    for (const state of states) hosts.push(await shared.up(['--no-agents', '--no-scheduler'], { SWARM_STATE_DIR: state }));
    const urls = hosts.map((h) => h.output().match(/Dashboard: (http:\/\/[^/\s#]+)/)![1]!);
    for (const state of states) {
      const files = readdirSync(state);
      assert.ok(files.some((f) => /^projections-[0-9a-f]+\.db$/.test(f)), `read models in ${state}: ${files.join(', ')}`);
      assert.ok(readdirSync(join(state, 'logs')).length > 0, `log files in ${state}/logs`);
      assert.ok(existsSync(join(state, 'log-health.json')), `the log's health as this host sees it, in ${state}`);
    }
    const inHome = readdirSync(shared.home);
    assert.not.ok(inHome.some((f) => f.startsWith('projections-') || f === 'logs' || f === 'log-health.json'), `nothing of a host's own in the shared home: ${inHome.join(', ')}`);
    // Operators live in the shared home: one made at host A's terminal is let in by host B's dashboard.
    const made = shared.cli('swarm', ['operator', 'add', 'bea', '--json'], { SWARM_STATE_DIR: states[0]! });
    assert.is(made.code, 0, made.stderr);
    const token = String(made.json<{ token: string }>().token);
    const create = (url: string, auth?: string) =>
      fetch(`${url}/api/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: JSON.stringify({ type: 'research', payload: { title: `Shared home ${url}` } }),
      });
    assert.is((await create(urls[1]!)).status, 401);
    const created = await create(urls[1]!, token);
    assert.is(created.status, 200, await created.clone().text());
    const taskId = ((await created.json()) as { task_id: string }).task_id;
    // Host A's read models see the task host B created (one log).
    const seen = await fetch(`${urls[0]}/api/tasks?status=pending`).then((r) => r.json() as Promise<{ tasks: { id: string; created_by: string }[] }>);
    for (let i = 0; i < 40 && !seen.tasks.some((t) => t.id === taskId); i++) {
      await new Promise((r) => setTimeout(r, 250));
      Object.assign(seen, await fetch(`${urls[0]}/api/tasks?status=pending`).then((r) => r.json()));
    }
    assert.equal(seen.tasks.find((t) => t.id === taskId)?.created_by, 'bea');
    for (const h of hosts) await shared.stop(h.child);
    // A clean stop takes the host's log-health file with it, from its own folder.
    for (const state of states) assert.not.ok(existsSync(join(state, 'log-health.json')));
  } finally {
    await shared.cleanup();
    for (const state of states) rmSync(state, { recursive: true, force: true });
    node.end();
  }
});

test.run();
