import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

test('swarm up starts on a fresh SWARM_HOME, says what it runs, and stops cleanly on Ctrl-C', async () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-up-'));
  const child = spawn('cli/bin/swarm', ['up', '--no-agents', '--port', '0'], { env: { ...process.env, SWARM_HOME: home } });
  let out = '';
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const deadline = Date.now() + 20_000;
  while (!out.includes('Ctrl-C stops') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
  assert.ok(out.includes(`sqlite:${join(home, 'swarm.db')}`), out);
  child.kill('SIGINT');
  const code = await closed;
  assert.is(code, 0, out);
  rmSync(home, { recursive: true, force: true });
});

test.run();
