// Two `swarm up` processes on one log split the agents: nothing is worked twice, nothing is appended twice.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drivePipeline, eventCounts } from './scenario.js';
import { swarmHome } from './swarm-process.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const runStartsPerTask = (s: ReturnType<typeof swarmHome>): Map<string, number> => {
  const starts = new Map<string, number>();
  for (const line of s.cli('swarm', ['events', '--type', 'RunStarted']).stdout.trim().split('\n')) {
    const taskId = (JSON.parse(line) as { data: { taskId: string } }).data.taskId;
    starts.set(taskId, (starts.get(taskId) ?? 0) + 1);
  }
  return starts;
};

test('two swarm up processes sharing a log append exactly the events one instance would, and work no task twice', async () => {
  const single = swarmHome();
  const double = swarmHome();
  try {
    const one = await single.up(['--no-scheduler']);
    await drivePipeline(single);
    await single.stop(one.child);
    const expected = await eventCounts(single);

    const a = await double.up(['--no-scheduler', '--roles', 'hunter,critic,pm,builder,reviewer']);
    const b = await double.up(['--no-scheduler', '--roles', 'tester,publisher,meta,liaison,support']);
    await drivePipeline(double);
    await double.stop(a.child);
    await double.stop(b.child);
    const actual = await eventCounts(double);

    assert.equal(actual, expected);
    const starts = runStartsPerTask(double);
    assert.ok(starts.size > 8, `runs happened (${starts.size})`);
    assert.ok([...starts.values()].every((n) => n === 1), 'every task was run exactly once');
    assert.match(a.output(), /agents: +hunter, critic, pm, builder, reviewer/);
  } finally {
    await single.cleanup();
    await double.cleanup();
  }
});

test.run();
