import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

// SPEC §7.1: bad input exits 2 naming what is accepted; a list filtered by a status, type or agent the swarm does not
// have is a mistake to name, not an empty answer. And `claude-tasks messages` rows carry the original's column names.
spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const run = (home: string, bin: string, args: string[]) => {
  const { SWARM_AGENT: _ignored, ...env } = process.env;
  const r = spawnSync(process.execPath, [`cli/bin/${bin}`, ...args], { encoding: 'utf8', env: { ...env, SWARM_HOME: home } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

test('unknown statuses, types and agents in list filters exit 2 naming the flag; known ones list', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-filters-'));
  try {
    assert.is(run(home, 'swarm', ['task', 'create', '--type', 'research', '--to', 'hunter', '--payload', '{"title":"x"}']).code, 0);
    for (const [bin, args, flag] of [
      ['swarm', ['task', 'list', '--status', 'bogus'], '--status'],
      ['swarm', ['task', 'list', '--type', 'bogus'], '--type'],
      ['swarm', ['task', 'list', '--agent', 'nobody'], '--agent'],
      ['claude-tasks', ['list', '-s', 'bogus'], '--status'],
      ['claude-tasks', ['messages', '-a', 'nobody'], '--agent'],
      ['swarm', ['memory', 'recent', '--agent', 'nobody'], '--agent'],
    ] as const) {
      const r = run(home, bin, [...args]);
      assert.is(r.code, 2, `${bin} ${args.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.match(r.stderr, flag);
    }
    assert.is(run(home, 'swarm', ['task', 'list', '--status', 'pending', '--type', 'research', '--agent', 'hunter', '--json']).code, 0);
    assert.is(JSON.parse(run(home, 'claude-tasks', ['list', '-s', 'in_progress']).stdout).tasks.length, 0, "the original's in_progress: nothing is");
    assert.is(run(home, 'swarm', ['task', 'list', '--agent', 'builder-2']).code, 0, 'an instance of a role');

    assert.is(run(home, 'claude-tasks', ['message', '--to', 'critic', '--type', 'notify', '--payload', '{"note":"hi"}']).code, 0);
    const inbox = JSON.parse(run(home, 'claude-tasks', ['messages', '-a', 'critic']).stdout) as { messages: Record<string, unknown>[] };
    assert.equal([inbox.messages[0]!.to_agent, inbox.messages[0]!.message_type, typeof inbox.messages[0]!.from_agent], ['critic', 'notify', 'string']);
    assert.is(run(home, 'claude-tasks', ['messages', '-a', 'human']).code, 0, "the people's mailbox");
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test.run();
