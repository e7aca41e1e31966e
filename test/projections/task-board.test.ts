import { isRight, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainError } from '../../domain/errors.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { createMemoryDocs, memoryWriter, sortedDocs } from '../../projections/engine/memory-docs.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';
import { claimCandidates, expiredLeases, listTasks, queueStats } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { claimTask, completeTask, createTask, expireLease, failTask } from '../../processes/commands/task-commands.js';
import { agent, createTestRuntime, human, system, type TestRuntime } from '../fixtures/test-runtime.js';

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`${e.left.code}: ${e.left.message}`);
  return e.right;
};

const test = suite<{ rt: TestRuntime }>('task board and task commands');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
});
test.after.each(async (ctx) => ctx.rt.dispose());

test('claims follow priority, then age; an addressed task goes only to its addressee', async ({ rt }) => {
  const low = ok(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', priority: 3, payload: { title: 'low' } }));
  const highOld = ok(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', priority: 8, payload: { title: 'high old' } }));
  const highNew = ok(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', priority: 8, payload: { title: 'high new' }, assignedTo: 'critic-2' }));
  const order: string[] = [];
  for (;;) {
    const c = ok(await claimTask(rt, agent('critic'), { agent: 'critic' }));
    if (c.status === 'no_tasks') break;
    order.push(c.task.id);
  }
  assert.equal(order, [highOld.taskId, low.taskId]);
  const mine = ok(await claimTask(rt, agent('critic-2'), { agent: 'critic-2' }));
  assert.is(mine.status === 'claimed' && mine.task.id, highNew.taskId);
});

test('a claim loser moves on to the next task instead of giving up (W-01)', async ({ rt }) => {
  for (let i = 0; i < 6; i++) ok(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', priority: 5, payload: { title: `idea ${i}` } }));
  const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) => claimTask(rt, agent(`critic-${i}`), { agent: `critic-${i}` })));
  const claimed = outcomes.map(ok).filter((o) => o.status === 'claimed');
  assert.is(claimed.length, 6, 'every competing worker got a task');
  assert.is(new Set(claimed.map((o) => o.status === 'claimed' && o.task.id)).size, 6, 'no task claimed twice');
});

test('queue stats, lists and the lease index follow the tasks', async ({ rt }) => {
  const a = ok(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'a' } }));
  ok(await createTask(rt, agent('pm'), { type: 'write_spec', payload: { title: 'b' } }));
  rt.setNow('2026-11-24T12:00:00.000Z');
  const claimed = ok(await claimTask(rt, agent('critic'), { agent: 'critic' }));
  assert.is(claimed.status, 'claimed');
  const board = createMemoryProjectionStore();
  await catchUp(rt.log, board, [taskBoard]);
  const reader = board.reader('tasks');
  assert.equal(queueStats(reader), { total: 2, by_status: { pending: 1, claimed: 1 }, by_type: { write_spec: 1 }, by_agent: { critic: 1 } });
  assert.equal(expiredLeases(reader, '2026-11-24T12:14:00.000Z'), []);
  assert.equal(expiredLeases(reader, '2026-11-24T12:16:00.000Z').map((l) => l.id), [a.taskId]);
  assert.equal(listTasks(reader, { agent: 'critic' }).map((t) => t.id), [a.taskId]);
  assert.equal(claimCandidates(reader, 'pm', ['write_spec']).length, 1);
});

test('lists without a status merge the lists of every status in queue order (priority desc, then oldest first)', async ({ rt }) => {
  const ids: { id: string; priority: number; type: string; n: number }[] = [];
  for (let i = 0; i < 12; i++) {
    const type = i % 3 ? 'evaluate_idea' : 'research';
    const priority = [5, 9, 2, 7][i % 4]!;
    ids.push({ id: ok(await createTask(rt, agent('hunter'), { type, priority, payload: { title: `t${i}` } })).taskId, priority, type, n: i });
  }
  // Spread the tasks over statuses: some claimed by critic, some of those completed or failed.
  for (let i = 0; i < 6; i++) {
    const c = ok(await claimTask(rt, agent('critic'), { agent: 'critic', types: ['evaluate_idea', 'research'] }));
    if (c.status !== 'claimed') throw new Error('nothing to claim');
    if (i % 3 === 1) ok(await completeTask(rt, agent('critic'), { taskId: c.task.id, agent: 'critic', result: {} }));
    if (i % 3 === 2) ok(await failTask(rt, agent('critic'), { taskId: c.task.id, agent: 'critic', reason: 'no' }));
  }
  await catchUp(rt.log, rt.projections, [taskBoard]);
  const reader = rt.projections.reader('tasks');
  const inQueueOrder = (xs: typeof ids) => [...xs].sort((a, b) => b.priority - a.priority || a.n - b.n).map((x) => x.id);
  const all = listTasks(reader, { limit: 100 });
  assert.ok(new Set(all.map((t) => t.status)).size >= 3, 'the tasks are spread over statuses');
  assert.equal(all.map((t) => t.id), inQueueOrder(ids));
  assert.equal(listTasks(reader, { limit: 5 }).map((t) => t.id), inQueueOrder(ids).slice(0, 5));
  assert.equal(listTasks(reader, { type: 'research', limit: 3 }).map((t) => t.id), inQueueOrder(ids.filter((x) => x.type === 'research')).slice(0, 3));
  const critics = all.filter((t) => t.claimedBy === 'critic').map((t) => t.id);
  assert.is(critics.length, 6);
  assert.equal(listTasks(reader, { agent: 'critic' }).map((t) => t.id), critics);
  assert.equal(listTasks(reader, { agent: 'critic', type: 'research' }).map((t) => t.id), all.filter((t) => t.claimedBy === 'critic' && t.type === 'research').map((t) => t.id));
  assert.equal(listTasks(reader, { status: 'pending', limit: 100 }).map((t) => t.id), all.filter((t) => t.status === 'pending').map((t) => t.id));
});

test('lease expiry puts the task back in the queue for its addressee; the third expiry dead-letters it (W-04, W-08)', async ({ rt }) => {
  const t1 = ok(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'x' }, assignedTo: 'critic' }));
  let clock = Date.parse('2026-11-24T12:00:00.000Z');
  for (let attempt = 1; attempt <= 3; attempt++) {
    rt.setNow(new Date(clock).toISOString());
    const c = ok(await claimTask(rt, agent('critic'), { agent: 'critic' }));
    assert.is(c.status === 'claimed' && c.task.generation, attempt);
    clock += 16 * 60_000;
    rt.setNow(new Date(clock).toISOString());
    ok(await expireLease(rt, system('lease-watchdog'), { taskId: t1.taskId, generation: attempt }));
  }
  const reader = rt.projections.reader('tasks');
  await catchUp(rt.log, rt.projections, [taskBoard]);
  const dead = listTasks(reader, { status: 'failed' });
  assert.is(dead.length, 1);
  assert.ok(dead[0]!.deadLettered);
  assert.is(dead[0]!.assignedTo, 'critic');
  assert.is(ok(await claimTask(rt, agent('critic'), { agent: 'critic' })).status, 'no_tasks');
});

test('a rebuilt board deep-equals the live one, and redelivering events changes nothing', async ({ rt }) => {
  for (let i = 0; i < 20; i++) ok(await createTask(rt, agent('hunter'), { type: i % 2 ? 'evaluate_idea' : 'research', priority: (i % 10) + 1, payload: { title: `t${i}` } }));
  for (let i = 0; i < 8; i++) {
    const c = ok(await claimTask(rt, agent('critic'), { agent: 'critic' }));
    if (c.status !== 'claimed') break;
    if (i % 2) ok(await completeTask(rt, agent('critic'), { taskId: c.task.id, agent: 'critic', result: { i } }));
    else ok(await failTask(rt, agent('critic'), { taskId: c.task.id, agent: 'critic', reason: 'no' }));
  }
  await catchUp(rt.log, rt.projections, [taskBoard]);
  const rebuilt = createMemoryProjectionStore();
  await catchUp(rt.log, rebuilt, [taskBoard]);
  assert.equal(rebuilt.dump('tasks'), rt.projections.dump('tasks'));
  const before = JSON.stringify(rebuilt.dump('tasks'));
  const replayed = createMemoryProjectionStore();
  await catchUp(rt.log, replayed, [taskBoard]);
  // Apply every event a second time directly: the board must not change.
  for await (const e of rt.log.readAll({ fromPosition: 0 })) replayed.write((tx) => taskBoard.apply(tx.docs('tasks'), e));
  assert.is(JSON.stringify(replayed.dump('tasks')), before);
});

test('a fold from position 0 in one go gives the same documents, in the same order, as applying event by event (dead letters too)', async ({ rt }) => {
  const dead = ok(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'x' }, assignedTo: 'critic' }));
  ok(await createTask(rt, agent('hunter'), { type: 'fix_product', payload: { product_name: 'p' } }));
  let clock = Date.parse('2026-11-24T12:00:00.000Z');
  for (let attempt = 1; attempt <= 3; attempt++) {
    rt.setNow(new Date(clock).toISOString());
    ok(await claimTask(rt, agent('critic'), { agent: 'critic' }));
    clock += 16 * 60_000;
    rt.setNow(new Date(clock).toISOString());
    ok(await expireLease(rt, system('lease-watchdog'), { taskId: dead.taskId, generation: attempt }));
  }
  for (let i = 0; i < 6; i++) ok(await createTask(rt, agent('hunter'), { type: 'research', priority: (i % 10) + 1, payload: { title: `t${i}` } }));
  const c = ok(await claimTask(rt, agent('critic'), { agent: 'critic' }));
  if (c.status === 'claimed') ok(await completeTask(rt, agent('critic'), { taskId: c.task.id, agent: 'critic', result: {} }));
  const docs = createMemoryDocs();
  const writer = memoryWriter(docs);
  const fold = taskBoard.foldFromStart!();
  for await (const e of rt.log.readAll({ fromPosition: 0, filter: { eventTypes: taskBoard.eventTypes } })) {
    taskBoard.apply(writer, e);
    fold.apply(e);
  }
  const applied = sortedDocs(docs);
  assert.ok(applied.some(([collection]) => collection === 'dead-letter'));
  assert.is(JSON.stringify(fold.documents()), JSON.stringify(applied));
  // The texts a rebuild writes are what the live store writes for the same documents.
  // (Made as they are written: an iterable per collection, read here as the store reads it.)
  assert.equal(fold.serializedDocuments!().map(([c, texts]) => [c, [...texts]]), applied.map(([c, ds]) => [c, ds.map(([k, d]) => [k, JSON.stringify(d)])]));
});

test('the human gates hold on the service path too: agents cannot mint build or publish tasks (W-07)', async ({ rt }) => {
  const refused = await createTask(rt, agent('pm'), { type: 'build_product', payload: { title: 'x' }, gate: { kind: 'project', id: 'p' } });
  assert.ok(!isRight(refused) && refused.left.code === 'forbidden');
  const byHuman = await createTask(rt, human(), { type: 'build_product', payload: { title: 'x' }, gate: { kind: 'project', id: 'p' } });
  assert.ok(isRight(byHuman));
});

test('bad input names the field and appends nothing', async ({ rt }) => {
  const bad = await createTask(rt, agent('hunter'), { type: 'evaluate_idea', priority: 'high' });
  assert.ok(!isRight(bad) && bad.left.code === 'invalid' && bad.left.field === 'priority', JSON.stringify(bad));
  const unknownAgent = await createTask(rt, agent('hunter'), { type: 'evaluate_idea', assignedTo: 'bob' });
  assert.ok(!isRight(unknownAgent) && unknownAgent.left.field === 'assignedTo');
  assert.is(await rt.log.headPosition(), 0);
});

test.run();
