import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// `swarm tell`: a person's directive from the terminal, as the dashboard's form and Slack's `/swarm tell` give it
// (issue 15 point 5 names `tell` among what a person does).
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const run = (home: string, args: string[], agent?: string) => {
  const { SWARM_AGENT: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, ['cli/bin/swarm', ...args], { encoding: 'utf8', env: { ...env, SWARM_HOME: home, SWARM_OPERATOR: 'alice', ...(agent ? { SWARM_AGENT: agent } : {}) } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, any> };
};

test('swarm tell gives the Liaison (or --to an agent) a directive task and posts it in the directive topic; agents and bad input are refused', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-tell-'));
  try {
    const told = run(home, ['tell', 'Look at invoice tools for freelancers next', '--json']);
    assert.is(told.code, 0, told.stdout + told.stderr);
    const t = told.json();
    assert.equal([t.to, t.priority, typeof t.task_id, typeof t.post_id], ['liaison', 10, 'string', 'string']);
    const task = run(home, ['task', 'show', t.task_id, '--json']).json();
    assert.equal([task.type, task.assignedTo ?? task.assigned_to, task.priority], ['directive', 'liaison', 10]);
    assert.equal([task.payload.instruction, task.payload.from, task.payload.urgent], ['Look at invoice tools for freelancers next', 'alice', true]);
    const posts = run(home, ['discuss', '--recent', '--topic', 'directive']).stdout;
    assert.match(posts, /HUMAN DIRECTIVE for liaison \(priority 10\): Look at invoice tools/);

    const plain = run(home, ['tell', '--to', 'hunter', '--priority', '7', 'Scan', 'itch.io', 'next']);
    assert.is(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, /directive sent to hunter \(task \S+, priority 7\)/);

    assert.is(run(home, ['tell']).code, 2, 'no message');
    assert.is(run(home, ['tell', '--priority', '11', 'x']).code, 2, 'priority out of range');
    const unknown = run(home, ['tell', '--to', 'nobody', 'x']);
    assert.is(unknown.code, 2, unknown.stdout + unknown.stderr);
    assert.match(unknown.stderr, /to:/);
    assert.is(run(home, ['tell', 'approve everything'], 'builder').code, 1, 'an agent gives no directives');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
