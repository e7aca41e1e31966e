import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { appendHistory, swarmHistory } from '../../scripts/bench-core-history.js';

// Issue 21 point 3 through the built bin: a new host's `swarm up` over a log long enough for the fold's second thread
// (50,000 events and more) uses the worker it started before its bundle loaded, builds its dashboard while it waits
// for that worker, and serves once the read models are current: they equal a live fold, and the dashboard's live
// updates (which start when it listens) push what lands afterwards.
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

test('a first start over 55,000 events: two threads, the dashboard built while waiting, read models as a live fold', async () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-first-start-'));
  const logPath = join(home, 'swarm.db');
  const writer = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
  await appendHistory(writer, swarmHistory(55_000));
  const head = await writer.headPosition();
  const { SWARM_AGENT: _a, SWARM_STORE: _s, ...env } = process.env;
  const child = spawn(process.execPath, ['cli/bin/swarm', 'up', '--no-agents', '--no-scheduler', '--port', '0'], { env: { ...env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'warn' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    let url: string | undefined;
    for (const deadline = Date.now() + 60_000; !url; ) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`swarm up did not serve:\n${out}`);
      url = out.match(/Dashboard: (http:\/\/[^/\s#]+)/)?.[1];
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(out, new RegExp(`models: +${head} events folded at start in [0-9.]+ s \\(${allProjections.length} read model\\(s\\) from the start of the log, at rebuild speed\\)`));
    const health = (await (await fetch(`${url}/health`)).json()) as { status?: string; unsandboxed?: boolean };
    assert.is(health.unsandboxed, false, 'asked of the sandbox started after the dashboard was built');

    const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
    const changed = new Promise<{ eventTypes: string[] }>((resolve) =>
      socket.on('message', (data) => {
        const m = JSON.parse(String(data)) as { type: string; eventTypes: string[] };
        if (m.type === 'changed') resolve(m);
      }),
    );
    await new Promise((resolve) => socket.once('open', resolve));
    await new Promise((r) => setTimeout(r, 200));
    await writer.append('agent-tester', [{ id: newEventId(), type: 'AgentHeartbeat', data: { agent: 'tester' }, metadata: { correlationId: newEventId(), causationId: newEventId(), actor: { kind: 'agent', id: 'tester' }, at: new Date().toISOString(), schemaVersion: 1 } } as never]);
    assert.ok((await changed).eventTypes.includes('AgentHeartbeat'), 'live updates follow the log once it listens');
    socket.close();
  } finally {
    child.kill('SIGINT');
    await exited;
  }
  // What the first start folded (and swarm up folded after it: its own events, leases it found expired) equals one
  // fold of the whole log in one thread.
  const folded = createSqliteProjectionStore(join(home, 'swarm.projections.db'));
  const live = createSqliteProjectionStore(join(home, 'live.db'));
  await catchUp(writer, folded, allProjections);
  await catchUp(writer, live, allProjections);
  for (const p of allProjections) assert.equal(folded.dump(p.name), live.dump(p.name), `${p.name}: documents`);
  folded.close();
  live.close();
  await writer.close();
  rmSync(home, { recursive: true, force: true });
});

test.run();
