import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { tasksOn, topAgentsOn, topTypesOn } from '../../projections/activity/queries.js';
import { taskDaysProjection } from '../../projections/activity/task-days-projection.js';
import { projectionHarness } from './collaboration-harness.js';
import { assertFoldFromStartEqualsApply, recordedAt } from './fold-from-start-check.js';

const day1 = '2026-01-01T10:00:00.000Z';
const day2 = '2026-01-02T10:00:00.000Z';

const scenario = async () => {
  const h = projectionHarness(taskDaysProjection);
  const created = (id: string, type: string, at: string) => h.append(`task-${id}`, 'TaskCreated', { taskId: id, type, priority: 5, payload: {}, createdBy: 'hunter' }, { at });
  await created('a', 'research', day1);
  await created('b', 'research', day1);
  await created('c', 'write_spec', day1);
  await created('d', 'write_spec', day2);
  await h.append('task-a', 'TaskClaimed', { agent: 'hunter', generation: 1, attempt: 1, leaseUntil: day1 }, { at: day1 });
  await h.append('task-a', 'TaskCompleted', { agent: 'hunter', generation: 1, result: {} }, { at: day1 });
  await h.append('task-c', 'TaskCompleted', { agent: 'pm', generation: 1, result: {} }, { at: day1 });
  await h.append('task-b', 'TaskFailed', { reason: 'lease expired 3 times', deadLettered: true }, { at: day1 });
  await h.append('task-d', 'TaskCancelled', { reason: 'dup', by: 'ana' }, { at: day2 });
  await h.append('task-c', 'TaskCompleted', { agent: 'pm', generation: 2, result: {} }, { at: day2 });
  return h;
};

test('tasks created, completed, failed and cancelled are counted on the UTC day they were recorded', async () => {
  const h = await scenario();
  const r = h.reader();
  assert.equal([tasksOn(r, '2026-01-01')].map(({ lastPosition: _, ...d }) => d), [{ day: '2026-01-01', created: 3, completed: 2, failed: 1, cancelled: 0 }]);
  assert.equal([tasksOn(r, '2026-01-02')].map(({ lastPosition: _, ...d }) => d), [{ day: '2026-01-02', created: 1, completed: 1, failed: 0, cancelled: 1 }]);
  assert.equal([tasksOn(r, '2026-01-03')].map(({ lastPosition: _, ...d }) => d), [{ day: '2026-01-03', created: 0, completed: 0, failed: 0, cancelled: 0 }]);
  await h.close();
});

test('top agents by completions and top types by creations, per day', async () => {
  const h = await scenario();
  assert.equal(topAgentsOn(h.reader(), '2026-01-01').map((a) => [a.agent, a.completed]), [['hunter', 1], ['pm', 1]]);
  assert.equal(topTypesOn(h.reader(), '2026-01-01').map((t) => [t.type, t.created]), [['research', 2], ['write_spec', 1]]);
  await h.close();
});

test('task days: redelivery changes nothing and a rebuild equals the live model', async () => {
  const h = await scenario();
  await h.assertRedeliveryChangesNothing();
  await h.assertRebuildEqualsLive();
  await h.close();
});

test('task days: a rebuild counting in place gives the documents of event-by-event folding, a redelivery too', () => {
  const events = [];
  const agents = ['hunter', 'pm', 'builder'];
  const types = ['research', 'write_spec', 'build'];
  for (let i = 0; i < 300; i++) {
    const task = `task-${i % 40}`;
    // Spread over three days, every kind of task event, some naming no agent or type (counted by day only).
    const kind = i % 5;
    const data =
      kind === 0 ? { taskId: task, type: types[i % 3], priority: 5, payload: {}, createdBy: 'hunter' }
      : kind === 1 ? { agent: agents[i % 3], generation: 1, result: {} }
      : kind === 2 ? { reason: 'x', deadLettered: false, ...(i % 2 ? { agent: agents[i % 3] } : {}) }
      : kind === 3 ? { reason: 'dup', by: 'ana' }
      : { taskId: task, priority: 5, payload: {}, createdBy: 'pm' };
    const type = ['TaskCreated', 'TaskCompleted', 'TaskFailed', 'TaskCancelled', 'TaskCreated'][kind]!;
    events.push(recordedAt(i, i * 17, task, type, data));
  }
  assertFoldFromStartEqualsApply(taskDaysProjection, events, 7);
  assertFoldFromStartEqualsApply(taskDaysProjection, events, 123);
});

test.run();
