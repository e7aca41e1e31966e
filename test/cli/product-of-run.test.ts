import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// An agent asking for a review, test or fix from its run on a product, without copying `files_path`, still gives
// the next role the product: the task takes the run task's project keys (the run's SWARM_TASK_ID, inside a run
// set from its token by the agent endpoint). A person's command, and other task types, are as given.
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const run = (home: string, bin: string, args: string[], extra: Record<string, string> = {}) => {
  const { SWARM_AGENT: _a, SWARM_TASK_ID: _t, ...env } = process.env;
  const r = spawnSync(process.execPath, [`cli/bin/${bin}`, ...args], { encoding: 'utf8', env: { ...env, SWARM_HOME: home, ...extra } });
  assert.is(r.status, 0, `${bin} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

test('claude-tasks create from a run on a product: the new review/fix task names the same product folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-product-of-run-'));
  const project = '0b5c2f8e-1111-4222-8333-444455556666';
  const keys = { project_id: project, files_path: `$SWARM_HOME/projects/${project}/`, spec_path: `$SWARM_HOME/specs/${project}.md` };
  try {
    const testTask = run(home, 'swarm', ['task', 'create', '--type', 'test_product', '--payload', JSON.stringify({ title: 'Kit', ...keys }), '--json']).task_id as string;
    const inRun = { SWARM_AGENT: 'tester', SWARM_TASK_ID: testTask };
    const fix = run(home, 'claude-tasks', ['create', '--type', 'fix_product', '--to', 'builder', '--payload', '{"title":"Kit: 2 failing tests"}', '--from', 'tester'], inRun).task_id as string;
    const research = run(home, 'claude-tasks', ['create', '--type', 'research', '--payload', '{"title":"Kit market"}', '--from', 'tester'], inRun).task_id as string;
    const byPerson = run(home, 'swarm', ['task', 'create', '--type', 'code_review', '--payload', '{"title":"Kit by hand"}', '--json'], { SWARM_TASK_ID: testTask }).task_id as string;
    const tasks = (run(home, 'swarm', ['task', 'list', '--json']).tasks as { id: string; payload: Record<string, unknown> }[]);
    const payloadOf = (id: string) => tasks.find((t) => t.id === id)!.payload;
    assert.equal(payloadOf(fix), { title: 'Kit: 2 failing tests', ...keys });
    assert.equal(payloadOf(research), { title: 'Kit market' }, 'not a product task');
    assert.equal(payloadOf(byPerson), { title: 'Kit by hand' }, 'a person names what they mean');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
