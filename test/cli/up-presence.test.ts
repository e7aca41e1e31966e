import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { announcePresence, presenceStaleMs } from '../../cli/commands/up-presence.js';
import { createLogger } from '../../infra/logging/logger.js';
import { changeAgentStatus, pauseAgent, recordHeartbeat } from '../../processes/commands/agent-commands.js';
import { agentsProjection, type AgentView } from '../../projections/agents/agents-projection.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { createTestRuntime } from '../fixtures/test-runtime.js';

/** Issue K point 2: which agents a `swarm up` serves, recorded as statuses (idle, offline) and heartbeats. */
const log = createLogger('test', { SWARM_LOG_LEVEL: 'silent' });
const system = { actor: { kind: 'system' as const, id: 'test' } };

test('a start makes its agents idle (not a paused one); agents of a killed instance go offline by heartbeat age; a clean stop makes its own offline', async () => {
  const rt = createTestRuntime();
  try {
    const t0 = Date.parse('2026-03-02T10:00:00.000Z');
    rt.setNow(new Date(t0).toISOString());
    // An instance that was killed served the hunter (idle, last beat at t0); a person paused the pm.
    await changeAgentStatus(rt, system, { agent: 'hunter', status: 'idle' });
    await recordHeartbeat(rt, system, { agent: 'hunter' });
    await changeAgentStatus(rt, system, { agent: 'pm', status: 'idle' });
    await pauseAgent(rt, { actor: { kind: 'human', id: 'ann' } }, { agent: 'pm', reason: 'budget talk' });
    // Another instance starts within the hunter's heartbeat window: the hunter still counts as served.
    rt.setNow(new Date(t0 + presenceStaleMs - 60_000).toISOString());
    const first = await announcePresence(rt, ['critic', 'pm'], log);
    const views = async () => {
      const r = await freshReader(rt.log, rt.projections, agentsProjection);
      return (agent: string) => r.get<AgentView>('agents', agent);
    };
    let view = await views();
    assert.is(view('critic')?.status, 'idle');
    assert.ok(view('critic')?.lastHeartbeatAt);
    assert.is(view('pm')?.status, 'paused', 'a start does not lift a pause');
    assert.is(view('hunter')?.status, 'idle');
    await first.withdraw();
    // Later, past the window, a start records the hunter offline with the reason.
    rt.setNow(new Date(t0 + presenceStaleMs + 60_000).toISOString());
    const second = await announcePresence(rt, ['critic'], log);
    view = await views();
    assert.is(view('hunter')?.status, 'offline');
    assert.match(view('hunter')?.reason ?? '', /^no heartbeat since 2026-03-02T10:00:00\.000Z: the swarm up that served it is gone$/);
    assert.is(view('critic')?.status, 'idle');
    await second.withdraw();
    view = await views();
    assert.is(view('critic')?.status, 'offline');
    assert.is(view('critic')?.reason, 'swarm up stopped');
    assert.is(view('pm')?.status, 'paused');
  } finally {
    await rt.dispose();
  }
});

test.run();
