import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';

/**
 * Issue K point 2: output piped into a reader that stops early ends quietly. Through a real shell pipe into `head`,
 * on a log far bigger than a pipe's buffer, so the writer does meet a closed pipe (EPIPE).
 */
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const home = mkdtempSync(join(tmpdir(), 'swarmlog-pipe-'));
const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home };
delete env.SWARM_AGENT;
delete env.SWARM_STORE;

const correlationId = randomUUID();

const seed = async (events: number) => {
  const store = await createSqliteEventStore({ path: join(home, 'swarm.db'), synchronous: 'NORMAL' });
  for (let i = 0; i < events; i += 500) {
    const batch = Array.from({ length: 500 }, (_, j) => ({
      id: randomUUID(),
      type: 'PostAdded',
      data: { postId: randomUUID(), author: 'hunter', topic: 'general', content: `idea number ${i + j}: ${'a long line of text '.repeat(10)}` },
      metadata: { correlationId, causationId: correlationId, actor: { kind: 'agent' as const, id: 'hunter' }, at: new Date().toISOString(), schemaVersion: 1 },
    }));
    await store.append(`discussion-general`, batch);
  }
  await store.close();
};

/** Runs `swarm ARGS | head -N` in bash and returns the swarm's own exit code, its stderr and what head printed. */
const pipedIntoHead = (args: string, lines = 1) => {
  const r = spawnSync('bash', ['-c', `node cli/bin/swarm ${args} 2>"$ERR_FILE" | head -${lines}; echo "exit=\${PIPESTATUS[0]}"; cat "$ERR_FILE"`], {
    env: { ...env, ERR_FILE: join(home, 'stderr.txt') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const [printed = '', after = ''] = r.stdout.split(/^exit=/m);
  const [code = '', ...stderr] = after.split('\n');
  return { printed, code: Number(code), stderr: stderr.join('\n').trim() };
};

test('swarm events | head -1 prints one event and ends quietly (no EPIPE stack trace)', async () => {
  await seed(3_000);
  const r = pipedIntoHead('events', 1);
  assert.is(r.printed.trim().split('\n').length, 1);
  assert.is(JSON.parse(r.printed).type, 'PostAdded');
  assert.is(r.stderr, '', 'nothing on stderr');
  assert.is(r.code, 0);
});

test('swarm replay --json | head ends quietly too', () => {
  const r = pipedIntoHead(`replay --correlation ${correlationId} --json`, 3);
  assert.is(r.printed.trim().split('\n').length, 3);
  assert.not.match(r.stderr, /EPIPE|Error|\n\s+at /);
  assert.is(r.code, 0);
});

test.after(() => void rmSync(home, { recursive: true, force: true }));
test.run();
