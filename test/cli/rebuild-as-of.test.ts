import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// Issue B point 3: `swarm rebuild --as-of POSITION|ISO-TIME` folds the read models up to that point (aside: the live
// read models are not rewound).
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const run = (home: string, args: string[]) => {
  const { SWARM_AGENT: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, ['cli/bin/swarm', ...args], { encoding: 'utf8', env: { ...env, SWARM_HOME: home } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, any> };
};

test('rebuild --as-of folds the read models up to a position or a time and shows them; the live ones stay current', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-rebuild-as-of-'));
  try {
    const create = (title: string) => run(home, ['task', 'create', '--type', 'research', '--payload', JSON.stringify({ title }), '--json']);
    assert.is(create('first').code, 0);
    const afterFirst = Number(JSON.parse(run(home, ['events', '--json']).stdout.trim().split('\n').pop()!).position);
    const between = new Date().toISOString();
    spawnSync('sleep', ['0.05']);
    assert.is(create('second').code, 0);
    assert.is(create('third').code, 0);

    const atFirst = run(home, ['rebuild', '--projection', 'tasks', '--as-of', String(afterFirst), '--json']);
    assert.is(atFirst.code, 0, atFirst.stderr);
    const r = atFirst.json();
    assert.equal([r.asOf, r.rebuilt, r.position], [{ position: afterFirst }, ['tasks'], afterFirst]);
    assert.is(r.readModels.tasks.task, 1);
    assert.equal(Object.values(r.documents.task).map((t: any) => t.payload.title), ['first']);

    const byTime = run(home, ['rebuild', '--as-of', between, '--json']).json();
    assert.is(byTime.readModels.tasks.task, 1, 'one task had been created by then');
    assert.ok(byTime.rebuilt.length > 5, 'every read model without --projection');
    assert.is(byTime.documents, undefined, 'documents only for one chosen read model');

    const text = run(home, ['rebuild', '--projection', 'tasks', '--as-of', String(afterFirst)]);
    assert.match(text.stdout, /folded 1 read model\(s\) as of position \d+: \d+ events, up to position \d+ \(the live read models are unchanged\)/);
    assert.match(text.stdout, /tasks: .*task 1/);

    const live = run(home, ['task', 'list', '--json']).json();
    assert.is(live.tasks.length, 3, 'the live task board still holds every task');
    assert.is(run(home, ['rebuild', '--as-of', 'yesterday']).code, 2);
    assert.is(run(home, ['rebuild', '--projection', 'memory-index', '--as-of', '1']).code, 2);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
