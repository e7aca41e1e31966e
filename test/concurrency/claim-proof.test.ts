import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCliContext } from '../../cli/cli-context.js';
import { listTasks } from '../../projections/tasks/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { runClaimWorkers, seedTasks } from '../fixtures/run-claim-workers.js';

test('8 OS processes claim and complete 2,000 tasks: each exactly once, none lost, no errors, fair shares', async () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-proof-'));
  const env = { ...process.env, SWARM_HOME: home, SWARM_STORE: `sqlite:${join(home, 'swarm.db')}?synchronous=normal` };
  try {
    const ids = await seedTasks(env, 2000);
    const { reports } = await runClaimWorkers(env, 8);
    const all = reports.flatMap((r) => r.completed);
    assert.equal(reports.flatMap((r) => r.errors), [], 'no worker saw an error');
    assert.is(all.length, 2000, 'every task completed');
    assert.is(new Set(all).size, 2000, 'no task completed twice');
    assert.equal([...new Set(all)].sort(), [...ids].sort(), 'exactly the created tasks');
    const shares = reports.map((r) => r.completed.length / 2000);
    assert.ok(Math.min(...shares) >= 0.05, `every worker did at least 5% (shares ${shares.map((s) => s.toFixed(3)).join(', ')})`);

    // The log agrees: one claim and one completion per task, and the board shows them all completed.
    const ctx = createCliContext(env);
    const runtime = await ctx.runtime();
    const counts = new Map<string, number>();
    for await (const e of runtime.log.readAll({ fromPosition: 0, filter: { eventTypes: ['TaskClaimed', 'TaskCompleted'] } }))
      counts.set(`${e.type}|${e.stream}`, (counts.get(`${e.type}|${e.stream}`) ?? 0) + 1);
    assert.is(counts.size, 4000);
    assert.ok([...counts.values()].every((n) => n === 1));
    const board = await freshReader(runtime.log, runtime.projections, taskBoard);
    assert.is(listTasks(board, { status: 'completed', limit: 5000 }).length, 2000);
    await ctx.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
