import { isRight, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainError } from '../../domain/errors.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { addMemory, forgetMemory } from '../../processes/commands/memory-commands.js';
import { finishRun, startRun } from '../../processes/commands/run-commands.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { feedLength, memoryFeedProjection } from '../../projections/memory/memory-feed-projection.js';
import { memoryRecordsProjection } from '../../projections/memory/memory-records-projection.js';
import { recentFeed, searchMemories, topMemories } from '../../projections/memory/queries.js';
import { agent, createTestRuntime, human, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { assertFoldFromStartEqualsApply, recordedAt } from './fold-from-start-check.js';
import { assertRebuildEqualsLive, assertRedeliveryChangesNothing } from './projection-checks.js';

const test = suite<{ rt: TestRuntime }>('memory feed and records projections');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
});
test.after.each(({ rt }) => rt.dispose());

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`refused: ${e.left.code} ${e.left.message}`);
  return e.right;
};

/** Task and discussion events are written by other stream types; the feed reads them by name. */
const foreign = (rt: TestRuntime, stream: string, type: string, data: unknown) =>
  rt.log.append(stream, [{ id: newEventId(), type, data, metadata: { correlationId: 'c', causationId: 'c', actor: { kind: 'system', id: 't' }, at: rt.now(), schemaVersion: 1 } }]);

const run = async (rt: TestRuntime, runId: string, agentName: string) => {
  ok(await startRun(rt, system('dispatcher'), { runId, agent: agentName, driver: 'sim', model: 'opus', promptHash: 'h', promptPath: 'p', logPath: 'l' }));
  ok(await finishRun(rt, system('dispatcher'), { runId, exitCode: 0, durationMs: 1, inputTokens: 10, outputTokens: 5, costUsd: 0, outcome: 'completed' }));
};

test('the feed turns runs, task outcomes, memories and posts into one-line items, per agent and swarm-wide', async ({ rt }) => {
  await run(rt, 'r-1', 'builder');
  await foreign(rt, 'task-t1', 'TaskCompleted', { agent: 'builder', generation: 1, result: {} });
  await foreign(rt, 'task-t2', 'TaskFailed', { reason: 'lease expired 3 times' });
  await foreign(rt, 'discussion-general', 'PostAdded', { postId: 'p1', author: 'critic', topic: 'general', content: 'Nice idea' });
  ok(await addMemory(rt, agent('builder'), { type: 'lesson', content: 'Run the tests before completing', importance: 8 }));
  const feed = await freshReader(rt.log, rt.projections, memoryFeedProjection);
  assert.equal(recentFeed(feed, 'builder').map((i) => i.text), [
    'remembered (lesson, importance 8): Run the tests before completing',
    'completed task t1',
    'run r-1 completed (exit 0, 15 tokens, $0)',
    'started run r-1 (sim/opus)',
  ]);
  assert.is(recentFeed(feed).length, 6);
  assert.is(recentFeed(feed)[2]!.text, 'task t2 failed: lease expired 3 times');
  assert.is(recentFeed(feed)[2]!.agent, undefined);
});

test('one busy agent does not push another agent’s notes out of its window (W-38)', async ({ rt }) => {
  ok(await addMemory(rt, agent('critic'), { type: 'lesson', content: 'Markets with no competitors are often no markets', importance: 6 }));
  for (let i = 0; i < 30; i++) await run(rt, `r-${i}`, 'builder');
  const feed = await freshReader(rt.log, rt.projections, memoryFeedProjection);
  assert.is(recentFeed(feed).length, feedLength);
  assert.not.ok(recentFeed(feed).some((i) => i.agent === 'critic'));
  assert.equal(recentFeed(feed, 'critic').map((i) => i.text), ['remembered (lesson, importance 6): Markets with no competitors are often no markets']);
  assert.is(recentFeed(feed, 'builder').length, feedLength);
  assert.is(recentFeed(feed, 'builder')[0]!.text, 'run r-29 completed (exit 0, 15 tokens, $0)');
});

test('search ranks by shared words, then importance, and says so', async ({ rt }) => {
  ok(await addMemory(rt, agent('publisher'), { memoryId: 'a', type: 'lesson', content: 'Demo GIFs help sales', importance: 5, tags: ['gumroad'] }));
  ok(await addMemory(rt, agent('publisher'), { memoryId: 'b', type: 'strategy', content: 'A demo video helps sales on Gumroad', importance: 9 }));
  ok(await addMemory(rt, agent('publisher'), { memoryId: 'c', type: 'fact', content: 'Gumroad takes a 10% fee', importance: 7 }));
  ok(await addMemory(rt, agent('publisher'), { memoryId: 'd', type: 'fact', content: 'Unrelated', importance: 10 }));
  const records = await freshReader(rt.log, rt.projections, memoryRecordsProjection);
  const found = searchMemories(records, 'gumroad demo sales', 5);
  assert.is(found.ranking, 'keyword');
  assert.equal(found.results.map((r) => [r.memoryId, r.score]), [['b', 3], ['a', 3], ['c', 1]]);
  assert.equal(topMemories(records, 2).map((r) => r.memoryId), ['d', 'b']);
});

test('a forgotten memory leaves the records', async ({ rt }) => {
  ok(await addMemory(rt, agent('publisher'), { memoryId: 'a', type: 'lesson', content: 'Demo GIFs help sales' }));
  ok(await forgetMemory(rt, human(), { memoryId: 'a', reason: 'no longer true' }));
  const records = await freshReader(rt.log, rt.projections, memoryRecordsProjection);
  assert.equal(searchMemories(records, 'demo').results, []);
  assert.equal(topMemories(records), []);
});

test('rebuilds equal the live models, and redelivery changes nothing', async ({ rt }) => {
  for (let i = 0; i < 20; i++) {
    await run(rt, `r-${i}`, i % 2 ? 'builder' : 'tester');
    ok(await addMemory(rt, agent('builder'), { memoryId: `m-${i}`, type: 'fact', content: `fact ${i}`, importance: 1 + (i % 10) }));
    if (i % 3 === 0) ok(await forgetMemory(rt, agent('builder'), { memoryId: `m-${i}`, reason: 'stale' }));
    if (i % 7 === 0) await freshReader(rt.log, rt.projections, memoryFeedProjection);
  }
  for (const projection of [memoryFeedProjection, memoryRecordsProjection]) {
    await assertRebuildEqualsLive(rt.log, rt.projections, projection);
    await assertRedeliveryChangesNothing(rt.log, projection);
  }
});

/** Feed events of several agents (one much busier), some without an agent, and runs finished but never started. */
const feedHistory = (agents: readonly string[]) => {
  const events: RecordedEvent[] = [];
  let i = 0;
  const add = (stream: string, type: string, data: unknown) => events.push(recordedAt(i, i, stream, type, data)) && i++;
  for (let n = 0; n < 150; n++) {
    const who = n % 3 ? agents[0]! : agents[Math.floor(n / 3) % agents.length]!;
    add(`run-r${n}`, 'RunStarted', { runId: `r${n}`, agent: who, ...(n % 2 ? { taskId: `t${n}` } : {}), driver: 'sim', model: 'opus', promptHash: 'h', promptPath: 'p', logPath: 'l' });
    add(`run-r${n % 5 === 0 ? `x${n}` : n}`, 'RunFinished', { outcome: 'completed', exitCode: 0, durationMs: 1, inputTokens: n, outputTokens: 1, costUsd: 0, ...(n % 4 ? {} : { reason: `a   long\nreason ${'x'.repeat(n)}` }) });
    if (n % 6 === 0) add(`task-t${n}`, 'TaskCompleted', { agent: who, generation: 1, result: {} });
    if (n % 7 === 0) add(`task-t${n}`, 'TaskFailed', { ...(n % 2 ? { agent: who } : {}), reason: 'lease expired', deadLettered: false });
    if (n % 8 === 0) add(`memory-m${n}`, 'MemoryRecorded', { memoryId: `m${n}`, by: agents[1 % agents.length], type: 'fact', content: `fact ${n}`, importance: 5 });
    if (n % 9 === 0) add('discussion-general', 'PostAdded', { postId: `p${n}`, author: n > 100 ? agents[agents.length - 1] : agents[0], topic: 'general', content: 'hello' });
  }
  return events;
};

test('a fold of the feed from position 0 in one go gives the same documents, in the same order, as applying event by event', () => {
  assertFoldFromStartEqualsApply(memoryFeedProjection, feedHistory(['builder', 'critic', 'tester', 'critic2']), 30);
});

test('a fold of the feed from position 0 equals applying event by event even when one agent name starts with another’s and a bar', () => {
  assertFoldFromStartEqualsApply(memoryFeedProjection, feedHistory(['a', 'b', 'a|b']), 200);
});

test.run();
