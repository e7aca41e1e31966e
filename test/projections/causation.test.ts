import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { causationProjection } from '../../projections/causation/causation-projection.js';
import { everyEventType } from '../../projections/causation/event-types.js';
import { childrenOf, eventById, eventsOfCorrelation, eventsOfRun, eventsOfStream, newestOfAgent, runsOfTask, type CausationIndex } from '../../projections/causation/queries.js';
import { summarize } from '../../projections/causation/summaries.js';
import { hashOf, positionsOf } from '../../projections/causation/position-lists.js';
import { allProjections } from '../../projections/all-projections.js';
import { createMemoryDocs, memoryWriter, sortedDocs } from '../../projections/engine/memory-docs.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { changeAgentStatus, recordHeartbeat } from '../../processes/commands/agent-commands.js';
import { buildChain, ok, type ChainIds } from '../fixtures/replay-chain.js';
import { agent, createTestRuntime, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { assertRebuildEqualsLive, assertRedeliveryChangesNothing } from './projection-checks.js';

const test = suite<{ rt: TestRuntime; ids: ChainIds }>('causation index');
test.before.each(async (ctx) => {
  ctx.rt = createTestRuntime();
  ctx.ids = await buildChain(ctx.rt);
});
test.after.each(({ rt }) => rt.dispose());

const index = async (rt: TestRuntime): Promise<CausationIndex> => ({ docs: await freshReader(rt.log, rt.projections, causationProjection), log: rt.log });
const everyEvent = async (rt: TestRuntime) => {
  const all: RecordedEvent[] = [];
  for await (const e of rt.log.readAll()) all.push(e);
  return all;
};

test('every event of the log is indexed, with its actor and a summary', async ({ rt }) => {
  const events = await everyEvent(rt);
  const docs = await index(rt);
  for (const e of events) {
    const entry = await eventById(docs, e.id);
    assert.ok(entry, `${e.type} at ${e.position} is indexed`);
    assert.is(entry!.position, e.position);
    assert.is(entry!.actor, `${e.metadata.actor.kind}:${e.metadata.actor.id}`);
    assert.ok(entry!.summary.length > 0);
  }
  assert.ok(everyEventType.includes('TaskCreated') && everyEventType.includes('RunFinished') && everyEventType.includes('GovernanceSettingChanged'));
});

test('a correlation id lists its chain across streams in log order', async ({ rt, ids }) => {
  const chain = await eventsOfCorrelation(await index(rt), ids.ideaTaskId);
  assert.equal(
    chain.map((e) => e.type),
    ['TaskCreated', 'TaskClaimed', 'RunStarted', 'ToolCalled', 'TokensUsed', 'TaskCreated', 'TaskCompleted', 'RunFinished'],
  );
  assert.equal(chain.map((e) => e.position), [...chain.map((e) => e.position)].sort((a, b) => a - b));
  assert.ok(!chain.some((e) => e.stream === `task-${ids.unrelatedTaskId}`));
});

test('the children of an event are the events it caused', async ({ rt, ids }) => {
  const children = await childrenOf(await index(rt), ids.claimEventId);
  assert.equal(children.map((e) => `${e.stream.split('-')[0]}:${e.type}`), ['run:RunStarted', 'run:ToolCalled', 'run:TokensUsed', 'task:TaskCreated', 'task:TaskCompleted', 'run:RunFinished']);
});

test('a run lists every event recorded with its id, in every stream', async ({ rt, ids }) => {
  const docs = await index(rt);
  assert.equal((await eventsOfRun(docs, ids.runId)).map((e) => e.stream.split('-')[0]), ['run', 'run', 'run', 'task', 'task', 'run']);
  assert.equal((await runsOfTask(docs, ids.ideaTaskId)), [ids.runId]);
  assert.equal((await eventsOfStream(docs, `run-${ids.runId}`)).length, 4);
});

test('an agent’s events come newest first: its own acts and events naming it as agent or holder', async ({ rt }) => {
  const newest = await newestOfAgent(await index(rt), 'critic', 3);
  assert.equal(newest.map((e) => e.type), ['TaskCompleted', 'TaskCreated', 'LockAcquired']);
  const all = await newestOfAgent(await index(rt), 'critic', 100);
  assert.equal(all.map((e) => e.type), ['TaskCompleted', 'TaskCreated', 'LockAcquired', 'TokensUsed', 'RunStarted', 'TaskClaimed']);
  const early = await newestOfAgent(await index(rt), 'critic', 2, (e) => e.position <= all[3]!.position);
  assert.equal(early.map((e) => e.type), ['TokensUsed', 'RunStarted']);
});

test('an agent’s status changes are about it; its heartbeats are left out of its newest page', async ({ rt }) => {
  ok(await changeAgentStatus(rt, system('dispatcher'), { agent: 'critic', status: 'idle' }));
  ok(await recordHeartbeat(rt, agent('critic'), { agent: 'critic' }));
  const docs = await index(rt);
  assert.equal((await newestOfAgent(docs, 'critic', 2)).map((e) => e.type), ['AgentStatusChanged', 'TaskCompleted']);
  assert.equal((await eventsOfStream(docs, 'agent-critic')).map((e) => e.type), ['AgentStatusChanged', 'AgentHeartbeat']);
});

test('run summaries say which prompt, how many tokens and what it cost', async ({ rt, ids }) => {
  const run = (await eventsOfStream(await index(rt), `run-${ids.runId}`)).map((e) => e.summary);
  assert.match(run[0]!, /critic run on task .* via sim\/opus; prompt sha a1b2c3d4e5f6… at runs\/r-critic-1\/prompt\.md/);
  assert.is(run[1], 'tool bash: "claude-tasks list --type evaluate_idea"');
  assert.is(run[2], '1500 tokens (1200 in / 300 out) $0.045 for critic');
  assert.is(run[3], 'completed, exit 0 after 42.0 s; 1500 tokens (1200 in / 300 out) $0.045');
});

test('an event type with no words of its own is summarized by its first fields', () => {
  assert.is(summarize('scheduler-hunter-scan', 'JobFired', { job: 'hunter-scan', slot: '2026-11-24T10:00Z', extra: 1, more: 2 }), 'job=hunter-scan slot=2026-11-24T10:00Z extra=1');
  assert.is(summarize('task-x', 'TaskSomethingNew', { a: 'b' }), 'a=b');
});

test('the same event delivered twice changes nothing', async ({ rt }) => {
  await assertRedeliveryChangesNothing(rt.log, causationProjection);
});

test('a rebuild from position 0 equals the live index folded in steps', async ({ rt }) => {
  await catchUp(rt.log, rt.projections, [causationProjection], { upTo: 5 });
  await assertRebuildEqualsLive(rt.log, rt.projections, causationProjection);
});

test('a fold from position 0 in one go gives the same documents, in the same order, as applying event by event', () => {
  // Enough values to split buckets many times, and streams long enough to spill into several chunks.
  const events: RecordedEvent[] = Array.from({ length: 3000 }, (_, i) => ({
    id: `e${i}`,
    type: i % 7 === 0 ? 'RunStarted' : 'TaskClaimed',
    data: { taskId: `t${i % 40}`, agent: i % 3 === 0 ? 'hot' : `a${i % 11}` },
    metadata: {
      at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      actor: { kind: 'agent', id: `a${i % 5}` },
      correlationId: `c${Math.floor(i / 10)}`,
      causationId: i % 10 === 0 ? `c${Math.floor(i / 10)}` : `e${i - 1}`,
      ...(i % 4 === 0 ? { runId: `r${Math.floor(i / 20)}` } : {}),
    },
    stream: i % 2 === 0 ? 'agent-hot' : `task-t${i % 40}`,
    revision: 0,
    position: i + 1,
  }) as RecordedEvent);
  const docs = createMemoryDocs();
  const writer = memoryWriter(docs);
  for (const e of events) causationProjection.apply(writer, e);
  const fold = causationProjection.foldFromStart!();
  for (const e of events) fold.apply(e);
  fold.apply(events[5]!);
  assert.is(JSON.stringify(fold.documents()), JSON.stringify(sortedDocs(docs)));
  // The texts a rebuild writes are exactly what the live store writes for the same documents (JSON.stringify).
  const texts = fold.serializedDocuments!();
  assert.equal(texts, sortedDocs(docs).map(([c, ds]) => [c, ds.map(([k, d]) => [k, JSON.stringify(d)])]));
});

test('a rebuild split by event type over two threads joins into the documents of one fold over every event', () => {
  // Each thread folds a part from the events it reads for its other read models; parts interleave in the log.
  const events = Array.from({ length: 3000 }, (_, i) =>
    ({
      id: `e${i}`,
      type: ['RunStarted', 'ToolCalled', 'TaskClaimed', 'PostAdded'][i % 4]!,
      data: { taskId: `t${i % 40}`, agent: `a${i % 11}` },
      metadata: {
        at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
        actor: { kind: 'agent', id: `a${i % 5}` },
        correlationId: `c${Math.floor(i / 10)}`,
        causationId: i % 10 === 0 ? `c${Math.floor(i / 10)}` : `e${i - 1}`,
        ...(i % 3 === 0 ? { runId: `r${Math.floor(i / 30)}` } : {}),
      },
      stream: i % 3 === 0 ? `run-r${Math.floor(i / 30)}` : `task-t${i % 40}`,
      revision: 0,
      position: i + 1,
    }) as RecordedEvent);
  const whole = causationProjection.foldFromStart!();
  for (const e of events) whole.apply(e);
  const split = causationProjection.splitFold!;
  const [theirs, ours] = [split.part(), split.part()];
  const theirTypes = new Set(['RunStarted', 'ToolCalled']);
  for (const e of events) (theirTypes.has(e.type) ? theirs : ours).apply(e);
  // Structured-cloned, as a part posted from a worker thread arrives.
  const joined = split.join([structuredClone(theirs.done()), ours.done()]);
  assert.equal(joined, whole.serializedDocuments!());
  assert.ok(joined.some(([c]) => c === 'chunks'), 'long lists went to chunks');
  assert.equal(split.join([split.part().done()]), [], 'no events, no documents');
});

test('two chains whose ids share a hash in the index each list only their own events', async () => {
  // The index stores 32-bit hashes of values; these two list keys collide (found by search), so a lookup of one
  // gets the other's positions as candidates and must drop them when it reads the events back from the log.
  const [a, b] = ['chain-130648', 'chain-1020980'];
  assert.is(hashOf(`c${a}`), hashOf(`c${b}`));
  const rt = createTestRuntime();
  try {
    for (const [i, chain] of [a, b, a].entries()) {
      const appended = await rt.log.append(`task-${i}`, [{ id: `collide-${i}`, type: 'TaskLeaseRenewed', data: { leaseUntil: 'x' }, metadata: { at: '2026-11-24T00:00:00.000Z', actor: { kind: 'system', id: 'test' }, correlationId: chain, causationId: chain, schemaVersion: 1 } }]);
      assert.ok(appended._tag === 'Right');
    }
    const docs = await index(rt);
    assert.equal(positionsOf(docs.docs, `c${a}`), positionsOf(docs.docs, `c${b}`), 'one slot holds both');
    assert.is(positionsOf(docs.docs, `c${a}`).length, 3);
    assert.equal((await eventsOfCorrelation(docs, a)).map((e) => e.id), ['collide-0', 'collide-2']);
    assert.equal((await eventsOfCorrelation(docs, b)).map((e) => e.id), ['collide-1']);
  } finally {
    rt.dispose();
  }
});

test('a stream and a run are read from the log: only what the index has folded, the run with its events elsewhere', async () => {
  const rt = createTestRuntime();
  try {
    const meta = (runId?: string) => ({ at: '2026-11-24T00:00:00.000Z', actor: { kind: 'agent' as const, id: 'critic' }, correlationId: 'chain', causationId: 'chain', schemaVersion: 1, ...(runId ? { runId } : {}) });
    const append = async (stream: string, id: string, runId?: string) => assert.ok((await rt.log.append(stream, [{ id, type: 'TaskLeaseRenewed', data: { leaseUntil: 'x' }, metadata: meta(runId) }]))._tag === 'Right');
    await append('run-r1', 'own-1', 'r1');
    await append('task-t1', 'elsewhere', 'r1');
    await append('task-t1', 'not-the-run');
    await append('run-r1', 'own-2');
    const folded = createMemoryProjectionStore();
    await catchUp(rt.log, folded, [causationProjection]);
    const docs = { docs: folded.reader('causation'), log: rt.log };
    assert.equal((await eventsOfRun(docs, 'r1')).map((e) => e.id), ['own-1', 'elsewhere', 'own-2']);
    assert.equal((await eventsOfStream(docs, 'task-t1')).map((e) => e.id), ['elsewhere', 'not-the-run']);
    assert.equal(await eventsOfStream(docs, 'task-none'), []);
    // Appended after the index was folded: not shown until it is.
    await append('task-t1', 'later');
    assert.equal((await eventsOfStream(docs, 'task-t1')).map((e) => e.id), ['elsewhere', 'not-the-run']);
  } finally {
    rt.dispose();
  }
});

test('an event caused by an event whose id is its chain id is among that event’s children', async () => {
  // Filed under the correlation only (causation = correlation id); childrenOf must still find it.
  const rt = createTestRuntime();
  try {
    const meta = (correlationId: string, causationId: string) => ({ at: '2026-11-24T00:00:00.000Z', actor: { kind: 'system' as const, id: 'test' }, correlationId, causationId, schemaVersion: 1 });
    for (const [stream, id, correlation, cause] of [['task-a', 'root', 'chain-0', 'chain-0'], ['task-b', 'child-1', 'root', 'root'], ['task-b', 'child-2', 'root', 'child-1'], ['task-c', 'other', 'root-x', 'root-x']] as const) {
      assert.ok((await rt.log.append(stream, [{ id, type: 'TaskLeaseRenewed', data: { leaseUntil: 'x' }, metadata: meta(correlation, cause) }]))._tag === 'Right');
    }
    const docs = await index(rt);
    assert.equal((await childrenOf(docs, 'root')).map((e) => e.id), ['child-1']);
    assert.equal((await childrenOf(docs, 'child-1')).map((e) => e.id), ['child-2']);
    assert.equal((await childrenOf(docs, 'chain-0')).map((e) => e.id), ['root']);
  } finally {
    rt.dispose();
  }
});

test('the index is in the projection registry', () => {
  assert.ok(allProjections.includes(causationProjection));
});

test.run();
