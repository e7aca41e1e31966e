import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRight } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createCliContext } from '../../cli/cli-context.js';
import { recordPublishFailure } from '../../processes/commands/approval-commands.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const run = (home: string, bin: 'swarm' | 'claude-tasks', args: string[], agent?: string) => {
  const { SWARM_AGENT: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, [`cli/bin/${bin}`, ...args], { encoding: 'utf8', env: { ...env, SWARM_HOME: home, ...(agent ? { SWARM_AGENT: agent } : {}) } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, any> };
};

test('the CLI shows a product\'s tests first, needs --override-tests --note to approve a failing one, shows "publish failed" with the reason and retries it', async () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-publish-failure-'));
  try {
    const submitted = run(home, 'claude-tasks', ['submit-approval', '-n', 'Dotenv Linter', '--type', 'product', '-p', 'local', '-d', 'Lints .env files', '--files', join(home, 'projects', 'p1'), '--project-id', 'p1', '--test-status', 'fail'], 'tester');
    assert.is(submitted.code, 0, submitted.stdout + submitted.stderr);
    const id = String(submitted.json().approval_id);

    const card = run(home, 'swarm', ['approvals']);
    assert.match(card.stdout, /TESTS\s+ID/, 'the tests column comes first');
    assert.match(card.stdout, /FAIL\s+\S+\s+Dotenv Linter\s+p1/);

    const plain = run(home, 'swarm', ['approve', id]);
    assert.is(plain.code, 2, plain.stdout + plain.stderr);
    assert.match(plain.stdout + plain.stderr, /--override-tests --note/);
    const noNote = run(home, 'swarm', ['approve', id, '--override-tests']);
    assert.is(noNote.code, 2);
    assert.match(noNote.stdout + noNote.stderr, /note/);
    const approved = run(home, 'swarm', ['approve', id, '--override-tests', '--note', 'the failing test is a known false alarm', '--json']);
    assert.is(approved.code, 0, approved.stdout + approved.stderr);
    const publishTask = String(approved.json().publishTaskId);
    const task = run(home, 'swarm', ['task', 'show', publishTask, '--json']).json();
    assert.equal([task.payload.override_tests, task.payload.override_note, task.payload.project_id], [true, 'the failing test is a known false alarm', 'p1']);

    // The pipeline (in swarm up) records a failed publish; here it is recorded directly, as the system.
    const ctx = createCliContext({ ...process.env, SWARM_HOME: home });
    try {
      const failed = await recordPublishFailure(await ctx.runtime(), { actor: { kind: 'system', id: 'pipeline' } }, { id, reason: 'the platform answered 502', platform: 'local', taskId: publishTask });
      assert.ok(isRight(failed), JSON.stringify(failed));
    } finally {
      await ctx.close();
    }
    const shown = run(home, 'swarm', ['approvals', '--status', 'publish_failed']);
    assert.match(shown.stdout, /publish failed: the platform answered 502/);
    assert.is(run(home, 'swarm', ['approvals', 'retry', id], 'publisher').code, 1, 'an agent may not retry');
    const retried = run(home, 'swarm', ['approvals', 'retry', id, '--note', 'platform is back', '--json']);
    assert.is(retried.code, 0, retried.stdout + retried.stderr);
    assert.equal([retried.json().status, typeof retried.json().publishTaskId], ['approved', 'string']);
    assert.is.not(retried.json().publishTaskId, publishTask, 'a new publish task');
    // The person's override of the failing tests holds for the retry: without it the Publisher would refuse the
    // failing test report again and the product could never be published.
    const retriedTask = run(home, 'swarm', ['task', 'show', String(retried.json().publishTaskId), '--json']).json();
    assert.equal([retriedTask.payload.override_tests, retriedTask.payload.override_note], [true, 'the failing test is a known false alarm']);
    assert.is(run(home, 'swarm', ['approvals', 'retry', id]).code, 1, 'a publish that has not failed is not retried');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
