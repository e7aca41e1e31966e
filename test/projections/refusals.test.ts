// Refused agent commands (issue 13 point 5): recorded through the same service the agent endpoint uses, folded into
// a read model, and shown by `swarm status` (text and --json); the sandbox of the latest runs shown beside them.
import { isRight, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createCliContext } from '../../cli/cli-context.js';
import { run as statusCommand } from '../../cli/commands/status.js';
import { statusText } from '../../cli/status-text.js';
import type { DomainError } from '../../domain/errors.js';
import { recordRefusal, type RefusalInput } from '../../processes/commands/refusal-commands.js';
import { finishRun, startRun } from '../../processes/commands/run-commands.js';
import { swarmStatus, type SwarmStatus } from '../../processes/queries/swarm-status.js';
import { runsProjection } from '../../projections/agents/runs-projection.js';
import { findRun } from '../../projections/agents/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { firstRefusalsOfGroup, recentRefusals, refusalSummary } from '../../projections/refusals/queries.js';
import { refusalGroup, refusalsProjection } from '../../projections/refusals/refusals-projection.js';
import { createTestRuntime, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { assertRebuildEqualsLive, assertRedeliveryChangesNothing } from './projection-checks.js';

const test = suite<{ rt: TestRuntime }>('refusals');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
});
test.after.each(({ rt }) => rt.dispose());

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`refused: ${e.left.code} ${e.left.message}`);
  return e.right;
};

const refuse = async (rt: TestRuntime, at: string, input: Partial<RefusalInput> & Pick<RefusalInput, 'agent' | 'command'>) => {
  rt.setNow(at);
  return ok(await recordRefusal(rt, { reason: 'human_only', message: 'approving is for people (a human gate)', ...input }));
};

const seedRefusals = async (rt: TestRuntime) => {
  await refuse(rt, '2026-03-02T10:00:00.000Z', { agent: 'tester', command: 'swarm approve 0192aaaa', runId: 'run-tester-1', taskId: 't1' });
  await refuse(rt, '2026-03-02T10:01:00.000Z', { agent: 'tester', command: 'swarm operator add eve', runId: 'run-tester-1', taskId: 't1' });
  await refuse(rt, '2026-03-02T10:02:00.000Z', { agent: 'builder', command: 'swarm task complete t9 --agent critic', reason: 'acting_for_another_agent', message: 'an agent acts only as itself', runId: 'run-builder-1' });
  await refuse(rt, '2026-03-02T10:03:00.000Z', { agent: 'unknown', command: 'swarm approve 0192aaaa', reason: 'unknown_token', message: 'this token was never issued by this swarm' });
};

test('the read model lists refusals newest first and counts them per agent', async ({ rt }) => {
  await seedRefusals(rt);
  const reader = await freshReader(rt.log, rt.projections, refusalsProjection);
  const recent = recentRefusals(reader);
  assert.equal(recent.map((r) => [r.agent, r.reason, r.command]), [
    ['unknown', 'unknown_token', 'swarm approve 0192aaaa'],
    ['builder', 'acting_for_another_agent', 'swarm task complete t9 --agent critic'],
    ['tester', 'human_only', 'swarm operator add eve'],
    ['tester', 'human_only', 'swarm approve 0192aaaa'],
  ]);
  assert.is(recent[3]!.runId, 'run-tester-1');
  assert.is(recent[3]!.taskId, 't1');
  assert.is(recent[3]!.at, '2026-03-02T10:00:00.000Z');
  assert.is(recentRefusals(reader, 2).length, 2);
  const summary = refusalSummary(reader);
  assert.is(summary.total, 4);
  assert.equal(summary.byAgent, [
    { agent: 'tester', count: 2, lastAt: '2026-03-02T10:01:00.000Z' },
    { agent: 'builder', count: 1, lastAt: '2026-03-02T10:02:00.000Z' },
    { agent: 'unknown', count: 1, lastAt: '2026-03-02T10:03:00.000Z' },
  ]);
  assert.equal(reader.get('agents', 'tester'), { agent: 'tester', count: 2, lastAt: '2026-03-02T10:01:00.000Z', reasons: { human_only: 2 } });
  // A run's refusals in log order (how notifications pick the first few); refusals without a run count per UTC day.
  assert.is(firstRefusalsOfGroup(reader, refusalGroup({ runId: 'run-tester-1', at: '' }), 10).length, 2);
  assert.is(firstRefusalsOfGroup(reader, refusalGroup({ at: '2026-03-02T23:00:00.000Z' }), 10).length, 1);
  assert.is(firstRefusalsOfGroup(reader, refusalGroup({ at: '2026-03-03T00:00:00.000Z' }), 10).length, 0);
});

test('rebuild equals live, and redelivery changes nothing', async ({ rt }) => {
  for (let n = 0; n < 12; n++) {
    await refuse(rt, `2026-03-02T10:${String(n).padStart(2, '0')}:00.000Z`, { agent: n % 3 ? 'tester' : 'builder', command: `swarm approve a${n}`, ...(n % 4 ? { runId: `r${n % 2}` } : {}) });
    if (n === 5) await freshReader(rt.log, rt.projections, refusalsProjection);
  }
  await assertRebuildEqualsLive(rt.log, rt.projections, refusalsProjection);
  await assertRedeliveryChangesNothing(rt.log, refusalsProjection);
});

test('swarm status shows the refused agent commands: time, agent, run, command, reason (text and --json)', async ({ rt }) => {
  await seedRefusals(rt);
  const status = await swarmStatus((p) => freshReader(rt.log, rt.projections, p), '2026-03-02T10:05:00.000Z');
  assert.is(status.refusals.total, 4);
  assert.is(status.refusals.recent[0]!.reason, 'unknown_token');
  const text = statusText(status);
  assert.match(text, '🚫 Refused agent commands: 4 (tester 2, builder 1, unknown 1)');
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.includes('TIME') && l.includes('AGENT') && l.includes('RUN') && l.includes('COMMAND') && l.includes('REASON'));
  assert.ok(header > 0, text);
  assert.match(lines[header + 1]!, /^ {2}2026-03-02 10:03:00 +unknown +— +swarm approve 0192aaaa +unknown_token$/);
  assert.match(lines[header + 4]!, /^ {2}2026-03-02 10:00:00 +tester +run-test +swarm approve 0192aaaa +human_only$/);

  // The real command, as a person runs it: its own store connections, text and --json.
  const out: string[] = [];
  const ctx = { ...createCliContext({ SWARM_HOME: rt.dir, SWARM_LOG_LEVEL: 'silent' }), out: (line: string) => void out.push(line) };
  try {
    await statusCommand([], ctx);
    assert.match(out.join('\n'), '🚫 Refused agent commands: 4');
    assert.match(out.join('\n'), /tester +run-test +swarm operator add eve +human_only/);
    out.length = 0;
    await statusCommand(['--json'], ctx);
    const json = JSON.parse(out.join('\n')) as SwarmStatus;
    assert.is(json.refusals.total, 4);
    assert.equal(json.refusals.recent.map((r) => r.agent), ['unknown', 'builder', 'tester', 'tester']);
    assert.equal(Object.keys(json.refusals.recent[3]!).sort(), ['agent', 'at', 'command', 'message', 'reason', 'refusalId', 'runId', 'taskId']);
  } finally {
    await ctx.close();
  }
});

test("an agent's command line is printed, never interpreted by the terminal", async ({ rt }) => {
  await refuse(rt, '2026-03-02T10:00:00.000Z', { agent: 'tester', command: 'swarm approve \u001b[2J\u001b]0;owned\u0007 x\u202eevil', runId: 'r1' });
  const text = statusText(await swarmStatus((p) => freshReader(rt.log, rt.projections, p), '2026-03-02T10:05:00.000Z'));
  assert.not.match(text, '\u001b');
  assert.not.match(text, '\u202e');
  assert.match(text, 'swarm approve \\u001b[2J\\u001b]0;owned\\u0007 x\\u202eevil');
});

test('no refusal, no section', async ({ rt }) => {
  const text = statusText(await swarmStatus((p) => freshReader(rt.log, rt.projections, p), '2026-03-02T10:05:00.000Z'));
  assert.not.match(text, 'Refused agent commands');
  assert.not.match(text, 'sandbox');
});

const run = async (rt: TestRuntime, runId: string, agent: string, at: string, sandbox?: 'bubblewrap' | 'none') => {
  rt.setNow(at);
  ok(await startRun(rt, system('dispatcher'), { runId, agent, driver: 'sim', model: 'sim', promptHash: 'h', promptPath: '/p', logPath: '/l', ...(sandbox ? { sandbox } : {}) }));
  ok(await finishRun(rt, system('dispatcher'), { runId, exitCode: 0, durationMs: 5, inputTokens: 0, outputTokens: 0, costUsd: 0, outcome: 'completed' }));
};

test("each run records its sandbox; status says NONE while an agent's latest run had none", async ({ rt }) => {
  await run(rt, 'old', 'hunter', '2026-03-02T08:00:00.000Z');
  await run(rt, 'h1', 'hunter', '2026-03-02T09:00:00.000Z', 'none');
  await run(rt, 'c1', 'critic', '2026-03-02T09:30:00.000Z', 'none');
  const runs = await freshReader(rt.log, rt.projections, runsProjection);
  assert.is(findRun(runs, 'h1')!.sandbox, 'none');
  assert.is(findRun(runs, 'old')!.sandbox, undefined, 'runs recorded before the sandbox was kept say nothing');
  const read = (p: Parameters<typeof freshReader>[2]) => freshReader(rt.log, rt.projections, p);
  let status = await swarmStatus(read, '2026-03-02T10:00:00.000Z');
  assert.equal(status.sandbox, { latest: 'none', latestRunId: 'c1', latestAt: '2026-03-02T09:30:00.000Z', unsandboxedAgents: ['hunter', 'critic'] });
  assert.match(statusText(status), '⚠️ sandbox: NONE — agents ran unsandboxed (latest run of hunter, critic)');

  // Restarted with bubblewrap: the hunter's next run is contained; the critic's latest run still was not.
  await run(rt, 'h2', 'hunter', '2026-03-02T10:00:00.000Z', 'bubblewrap');
  status = await swarmStatus(read, '2026-03-02T10:05:00.000Z');
  assert.equal(status.sandbox.unsandboxedAgents, ['critic']);
  assert.is(status.sandbox.latest, 'bubblewrap');
  assert.match(statusText(status), 'sandbox: NONE — agents ran unsandboxed (latest run of critic)');

  await run(rt, 'c2', 'critic', '2026-03-02T10:10:00.000Z', 'bubblewrap');
  status = await swarmStatus(read, '2026-03-02T10:15:00.000Z');
  assert.equal(status.sandbox.unsandboxedAgents, []);
  assert.match(statusText(status), '🔒 sandbox: bubblewrap (latest runs)');
  assert.not.match(statusText(status), 'NONE');
});

test('a sandbox mode other than bubblewrap or none is refused, naming the field', async ({ rt }) => {
  const refused = await startRun(rt, system('dispatcher'), { agent: 'hunter', driver: 'sim', model: 'sim', promptHash: 'h', promptPath: '/p', logPath: '/l', sandbox: 'chroot' });
  assert.ok(refused._tag === 'Left');
  assert.is(refused._tag === 'Left' && refused.left.field, 'sandbox');
});

test.run();
