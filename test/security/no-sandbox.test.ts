import { execFileSync, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome } from '../e2e/swarm-process.js';

// Where bubblewrap cannot run (here: SWARM_BWRAP names a program that does not exist), LLM agents do not start
// without --unsafe-no-sandbox, and with it swarm up says loudly that agents run unsandboxed.
const test = suite('swarm up without a sandbox');
const fakeClaude = resolve('test/fakes/llm/claude');

test.before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });
});

test('an LLM driver is refused where bubblewrap cannot run, and starts unsandboxed only when asked, saying so', async () => {
  const s = swarmHome({ SWARM_BWRAP: '/nonexistent/bwrap', SWARM_CLAUDE_COMMAND: fakeClaude, SWARM_LLM_PROVIDER: '' });
  try {
    const refused = spawnSync(process.execPath, ['cli/bin/swarm', 'up', '--driver', 'claude', '--no-dashboard', '--no-scheduler'], { env: s.env, encoding: 'utf8', timeout: 30_000 });
    assert.is(refused.status, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /bubblewrap cannot run here/);
    assert.match(refused.stderr, /--unsafe-no-sandbox/);

    const { child, output } = await s.up(['--driver', 'claude', '--no-dashboard', '--no-scheduler', '--unsafe-no-sandbox']);
    assert.match(output(), /sandbox: NONE — agents run UNSANDBOXED \(--unsafe-no-sandbox\)/);
    // swarm status in another terminal says so from the start, before any run has recorded its sandbox.
    const status = s.cli('swarm', ['status']);
    assert.match(status.stdout, /sandbox: NONE — swarm up \(pid \d+\) runs its agents UNSANDBOXED/);
    assert.equal(s.cli('swarm', ['status', '--json']).json<{ sandbox: { unsandboxedSwarmUps?: number[] } }>().sandbox.unsandboxedSwarmUps, [child.pid]);
    await s.stop(child);
    assert.not.match(s.cli('swarm', ['status']).stdout, /UNSANDBOXED/, 'not once it has stopped');

    // The simulated agents (our own program) still run where bubblewrap cannot, said as loudly.
    const sim = await s.up(['--driver', 'sim', '--no-dashboard', '--no-scheduler']);
    assert.match(sim.output(), /sandbox: NONE — agents run UNSANDBOXED \(bubblewrap cannot run here/);
    await s.stop(sim.child);
  } finally {
    await s.cleanup();
  }
});

test.run();
