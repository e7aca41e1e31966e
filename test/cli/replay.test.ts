import { spawnSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { beginChain, clockFrom, endChain, type ChainIds } from '../fixtures/replay-chain.js';
import { createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';

/**
 * `swarm replay` through the built bin, on a chain recorded through the services, with one step (the critic's
 * run creating the write_spec task) made by the real CLI with the env an agent run passes down.
 */
const test = suite<{ rt: TestRuntime; ids: ChainIds; log: Recorded[] }>('replay CLI');

interface Recorded {
  readonly id: string;
  readonly type: string;
  readonly stream: string;
  readonly position: number;
  readonly data: any;
  readonly metadata: { correlationId: string; causationId: string; runId?: string; at: string };
}

const swarm = (home: string, args: string[], env: Record<string, string> = {}) => {
  const { SWARM_AGENT: _a, SWARM_CORRELATION_ID: _c, SWARM_CAUSATION_ID: _k, SWARM_RUN_ID: _r, SWARM_STORE: _s, ...rest } = process.env;
  const r = spawnSync(process.execPath, ['cli/bin/swarm', ...args], { encoding: 'utf8', env: { ...rest, SWARM_HOME: home, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const recorded = (home: string): Recorded[] =>
  swarm(home, ['events'])
    .stdout.split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Recorded);

const jsonLines = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { at: string; position: number; stream: string; type: string; actor: string; summary: string; depth: number; id: string; correlationId: string; causationId: string; runId: string | null; data: any });

/** The rows of the text timeline (after the title and the header, without day lines). */
const textRows = (stdout: string) =>
  stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() !== '' && !l.startsWith('──'));

test.before(async (ctx) => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  ctx.rt = createTestRuntime();
  // The CLI step runs on the wall clock: the recorded steps before it are a minute earlier, those after it later.
  ctx.ids = await beginChain(ctx.rt, clockFrom(ctx.rt, new Date(Date.now() - 60_000).toISOString()));
  const spec = swarm(ctx.rt.dir, ['task', 'create', '--type', 'write_spec', '--payload', '{"title":"Invoice parser spec"}', '--json'], {
    SWARM_AGENT: 'critic',
    SWARM_CORRELATION_ID: ctx.ids.ideaTaskId,
    SWARM_CAUSATION_ID: ctx.ids.claimEventId,
    SWARM_RUN_ID: ctx.ids.runId,
  });
  if (spec.code !== 0) throw new Error(`task create failed: ${spec.stderr}`);
  ctx.ids.specTaskId = JSON.parse(spec.stdout).task_id;
  await endChain(ctx.rt, clockFrom(ctx.rt, new Date(Date.now() + 5_000).toISOString()), ctx.ids);
  ctx.log = recorded(ctx.rt.dir);
});
test.after(({ rt }) => rt.dispose());

const positionsOf = (log: Recorded[], keep: (e: Recorded) => boolean) => log.filter(keep).map((e) => e.position);

test('--task shows the task, its chain, its run and what they caused, in log order across streams', ({ rt, ids, log }) => {
  const r = swarm(rt.dir, ['replay', '--task', ids.ideaTaskId]);
  assert.is(r.code, 0, r.stderr);
  const [title, header] = r.stdout.split('\n');
  assert.is(title, `replay of task ${ids.ideaTaskId}: 8 events`);
  assert.match(header!, /^TIME\s+POSITION\s+STREAM\s+TYPE\s+ACTOR\s+SUMMARY$/);
  const rows = textRows(r.stdout);
  assert.equal(
    rows.map((row) => row.split(/\s{2,}/).slice(2, 5).map((c) => c.trim()).join(' ')),
    [
      `task-${ids.ideaTaskId} TaskCreated agent:hunter`,
      `task-${ids.ideaTaskId} TaskClaimed agent:critic`,
      `run-${ids.runId} RunStarted system:dispatcher`,
      `run-${ids.runId} ToolCalled system:dispatcher`,
      `run-${ids.runId} TokensUsed system:dispatcher`,
      `task-${ids.specTaskId} TaskCreated agent:critic`,
      `task-${ids.ideaTaskId} TaskCompleted agent:critic`,
      `run-${ids.runId} RunFinished system:dispatcher`,
    ],
  );
  assert.match(rows[0]!, /^\d\d:\d\d:\d\d\.\d{3}\s+\d+\s/);
  // What the claim caused is indented under it.
  assert.match(rows[5]!, new RegExp(`task-${ids.specTaskId}\\s+  TaskCreated`));
  assert.match(rows[2]!, /prompt sha a1b2c3d4e5f6… at runs\/r-critic-1\/prompt\.md/);
  assert.match(rows[4]!, /1500 tokens \(1200 in \/ 300 out\) \$0\.045 for critic/);
  assert.ok(!r.stdout.includes(ids.unrelatedTaskId) && !r.stdout.includes('LockAcquired'), 'unrelated events stay out');
  const expected = positionsOf(log, (e) => e.metadata.correlationId === ids.ideaTaskId);
  assert.equal(rows.map((row) => Number(row.split(/\s+/)[1])), expected);
});

test('--json gives one line per event with its ids, run and recorded data', ({ rt, ids, log }) => {
  const r = swarm(rt.dir, ['replay', '--task', ids.ideaTaskId.slice(0, 20), '--json']);
  assert.is(r.code, 0, r.stderr);
  const lines = jsonLines(r.stdout);
  assert.equal(lines.map((l) => l.position), positionsOf(log, (e) => e.metadata.correlationId === ids.ideaTaskId));
  const spec = lines.find((l) => l.stream === `task-${ids.specTaskId}`)!;
  assert.equal(
    [spec.type, spec.actor, spec.correlationId, spec.causationId, spec.runId, spec.depth, spec.data.type, spec.data.payload.title],
    ['TaskCreated', 'agent:critic', ids.ideaTaskId, ids.claimEventId, ids.runId, 1, 'write_spec', 'Invoice parser spec'],
  );
  const original = log.find((e) => e.id === spec.id)!;
  assert.equal([spec.at, spec.data], [original.metadata.at, original.data]);
  assert.equal(Object.keys(lines[0]!), ['at', 'position', 'stream', 'type', 'actor', 'summary', 'depth', 'id', 'correlationId', 'causationId', 'runId', 'data']);
  assert.is(lines[0]!.runId, null);
});

test('--correlation shows the whole chain', ({ rt, ids, log }) => {
  const r = swarm(rt.dir, ['replay', '--correlation', ids.ideaTaskId, '--json']);
  assert.is(r.code, 0, r.stderr);
  assert.equal(jsonLines(r.stdout).map((l) => l.position), positionsOf(log, (e) => e.metadata.correlationId === ids.ideaTaskId));
});

test('--correlation with the id of a task inside a chain replays the chain it is in (a scheduled scan belongs to its firing\'s)', ({ rt, ids }) => {
  const byTask = swarm(rt.dir, ['replay', '--correlation', ids.specTaskId!, '--json']);
  assert.is(byTask.code, 0, byTask.stderr);
  const byChain = swarm(rt.dir, ['replay', '--correlation', ids.ideaTaskId, '--json']);
  assert.equal(jsonLines(byTask.stdout).map((l) => l.id), jsonLines(byChain.stdout).map((l) => l.id));
  assert.ok(jsonLines(byTask.stdout).every((l) => l.correlationId === ids.ideaTaskId));
});

test('--task of a build task shows the human decision it follows and the proposal before it', ({ rt, ids }) => {
  const r = swarm(rt.dir, ['replay', '--task', ids.buildTaskId!, '--json']);
  assert.is(r.code, 0, r.stderr);
  const lines = jsonLines(r.stdout);
  assert.equal(
    lines.map((l) => `${l.stream.split('-')[0]}:${l.type}:${l.actor}`),
    // The decision continues the project's causal chain, so the submission's notice is part of it too.
    ['project:ProjectSubmitted:agent:pm', 'discussion:PostAdded:agent:pm', 'project:ProjectApproved:human:ana', 'task:TaskCreated:human:ana', 'discussion:PostAdded:human:ana'],
  );
  const approved = lines[2]!;
  assert.equal([lines[3]!.causationId, lines[3]!.depth, lines[3]!.data.type], [approved.id, 1, 'build_product']);
});

test('--run shows the run stream and everything recorded with the run id', ({ rt, ids, log }) => {
  const r = swarm(rt.dir, ['replay', '--run', ids.runId, '--json']);
  assert.is(r.code, 0, r.stderr);
  const lines = jsonLines(r.stdout);
  assert.equal(lines.map((l) => l.type), ['RunStarted', 'ToolCalled', 'TokensUsed', 'TaskCreated', 'TaskCompleted', 'RunFinished']);
  assert.equal(lines.map((l) => l.position), positionsOf(log, (e) => e.metadata.runId === ids.runId || e.stream === `run-${ids.runId}`));
  assert.match(lines[5]!.summary, /completed, exit 0 after 42\.0 s; 1500 tokens \(1200 in \/ 300 out\) \$0\.045/);
});

test('--agent shows the newest events by or about the agent, oldest first; --limit keeps the newest N', ({ rt }) => {
  const all = swarm(rt.dir, ['replay', '--agent', 'critic', '--json']);
  assert.is(all.code, 0, all.stderr);
  assert.equal(jsonLines(all.stdout).map((l) => l.type), ['TaskClaimed', 'RunStarted', 'TokensUsed', 'LockAcquired', 'TaskCreated', 'TaskCompleted']);
  const newest = swarm(rt.dir, ['replay', '--agent', 'critic', '--limit', '2']);
  assert.is(newest.code, 0, newest.stderr);
  assert.equal(textRows(newest.stdout).map((row) => row.split(/\s{2,}/)[3]!.trim()), ['TaskCreated', 'TaskCompleted']);
});

test('--as-of a position or a time keeps only the events at or before it', ({ rt, ids, log }) => {
  const claim = log.find((e) => e.id === ids.claimEventId)!;
  const byPosition = swarm(rt.dir, ['replay', '--task', ids.ideaTaskId, '--as-of', String(claim.position), '--json']);
  assert.is(byPosition.code, 0, byPosition.stderr);
  assert.equal(jsonLines(byPosition.stdout).map((l) => l.type), ['TaskCreated', 'TaskClaimed']);
  const tokens = log.find((e) => e.type === 'TokensUsed')!;
  const byTime = swarm(rt.dir, ['replay', '--correlation', ids.ideaTaskId, '--as-of', tokens.metadata.at]);
  assert.is(byTime.code, 0, byTime.stderr);
  assert.match(byTime.stdout.split('\n')[0]!, new RegExp(`as of ${tokens.metadata.at}: 5 events$`));
  assert.equal(textRows(byTime.stdout).map((row) => row.split(/\s{2,}/)[3]!.trim()), ['TaskCreated', 'TaskClaimed', 'RunStarted', 'ToolCalled', 'TokensUsed']);
  const agentEarly = swarm(rt.dir, ['replay', '--agent', 'critic', '--limit', '1', '--as-of', String(claim.position), '--json']);
  assert.equal(jsonLines(agentEarly.stdout).map((l) => l.type), ['TaskClaimed']);
});

test('bad input exits 2 naming the field and appends nothing', ({ rt, ids, log }) => {
  const yesterday = swarm(rt.dir, ['replay', '--task', ids.ideaTaskId, '--as-of', 'yesterday']);
  assert.is(yesterday.code, 2);
  assert.match(yesterday.stderr, /--as-of: expected a log position \(a whole number\) or an ISO time/);
  const none = swarm(rt.dir, ['replay', '--as-of', '3']);
  assert.is(none.code, 2);
  assert.match(none.stderr, /--task, --run, --agent or --correlation/);
  const two = swarm(rt.dir, ['replay', '--task', ids.ideaTaskId, '--run', ids.runId]);
  assert.is(two.code, 2);
  const unknownAgent = swarm(rt.dir, ['replay', '--agent', 'nobody']);
  assert.is(unknownAgent.code, 2);
  assert.match(unknownAgent.stderr, /--agent: expected an agent/);
  const badLimit = swarm(rt.dir, ['replay', '--agent', 'critic', '--limit', '0']);
  assert.is(badLimit.code, 2);
  assert.match(badLimit.stderr, /--limit/);
  const jsonError = swarm(rt.dir, ['replay', '--as-of', 'yesterday', '--task', 'x', '--json']);
  assert.is(jsonError.code, 2);
  assert.is(JSON.parse(jsonError.stdout).field, '--as-of');
  assert.is(recorded(rt.dir).length, log.length);
});

test('an id with no history is refused with exit 1', ({ rt }) => {
  for (const args of [['--task', 'nope'], ['--run', 'nope'], ['--correlation', 'nope']]) {
    const r = swarm(rt.dir, ['replay', ...args]);
    assert.is(r.code, 1, args.join(' '));
    assert.match(r.stderr, /no (task|run|events)/);
  }
});

test.run();
