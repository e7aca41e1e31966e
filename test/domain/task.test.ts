import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { taskDecider, type TaskDecisionContext, type TaskEvent } from '../../domain/task/index.js';
import { spec } from './spec.js';

const now = '2026-11-24T12:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(now) + minutes * 60_000).toISOString();
const ctx = (over: Partial<TaskDecisionContext> = {}): TaskDecisionContext => ({
  now,
  actor: { kind: 'agent', id: 'hunter' },
  leaseSeconds: 900,
  maxAttempts: 3,
  maxFixRounds: 3,
  ...over,
});
const as = (kind: 'agent' | 'human' | 'system', id: string, over: Partial<TaskDecisionContext> = {}) => ctx({ actor: { kind, id }, ...over });

const created = (over: Partial<Extract<TaskEvent, { type: 'TaskCreated' }>['data']> = {}): TaskEvent => ({
  type: 'TaskCreated',
  data: { taskId: 't1', type: 'evaluate_idea', priority: 7, payload: { title: 'Idea' }, title: 'Idea', createdBy: 'hunter', ...over },
});
const claimed = (agent: string, generation: number, attempt = generation): TaskEvent => ({
  type: 'TaskClaimed',
  data: { agent, generation, attempt, leaseUntil: later(15 * attempt) },
});
const tasks = spec(taskDecider);

test('creating a task records it pending with a clamped priority and its identifying title', () => {
  tasks
    .given([])
    .when({ type: 'CreateTask', taskId: 't1', taskType: 'evaluate_idea', priority: 14, payload: { product_name: 'Kit' }, assignedTo: 'critic' }, ctx())
    .thenEvents([
      {
        type: 'TaskCreated',
        data: { taskId: 't1', type: 'evaluate_idea', priority: 10, payload: { product_name: 'Kit' }, createdBy: 'hunter', title: 'Kit', assignedTo: 'critic' },
      },
    ]);
});

test('a task matching a pending or claimed one of the same type and title is refused with the existing id (W-06)', () => {
  const refused = tasks
    .given([])
    .when({ type: 'CreateTask', taskId: 't2', taskType: 'evaluate_idea', priority: 5, payload: { title: 'Idea' } }, ctx({ duplicateOf: 't1' }));
  refused.thenFails('conflict', { message: /already exists: t1/ });
});

test('an idea the swarm already took up is refused where it enters (evaluate_idea, write_spec), naming its project and status', () => {
  const knownIdea = { projectId: 'p0', title: 'Dotenv Linter', status: 'approved' as const };
  for (const taskType of ['evaluate_idea', 'write_spec'])
    tasks
      .given([])
      .when({ type: 'CreateTask', taskId: 't2', taskType, priority: 5, payload: { title: 'Dotenv Linter CLI' } }, as('agent', 'hunter', { knownIdea }))
      .thenFails('conflict', { field: 'payload.title', message: /already project p0 .*approved/ });
  // Other work about the project is not an idea entering again.
  tasks.given([]).when({ type: 'CreateTask', taskId: 't3', taskType: 'code_review', priority: 5, payload: { title: 'Dotenv Linter' } }, as('agent', 'builder', { knownIdea })).events();
});

test('allow-duplicates does not get an idea the swarm already took up past its refusal; only a person reviving it does, recorded', () => {
  const knownIdea = { projectId: 'p0', title: 'Dotenv Linter', status: 'published' as const };
  const create = (over: object = {}) => ({ type: 'CreateTask' as const, taskId: 't2', taskType: 'evaluate_idea', priority: 5, payload: { title: 'Dotenv Linter CLI' }, ...over });
  tasks.given([]).when(create({ allowDuplicates: true }), as('agent', 'hunter', { knownIdea })).thenFails('conflict', { field: 'payload.title', message: /already project p0.*--revive/ });
  tasks.given([]).when(create({ reviveReason: 'we want it' }), as('agent', 'hunter', { knownIdea })).thenFails('forbidden', { field: 'revive', message: /only a person/ });
  tasks.given([]).when(create({ reviveReason: '  ' }), as('human', 'ana', { knownIdea })).thenFails('invalid', { field: 'revive' });
  tasks.given([]).when(create({ reviveReason: 'x', taskType: 'code_review' }), as('human', 'ana', { knownIdea })).thenFails('invalid', { field: 'revive' });
  tasks
    .given([])
    .when(create({ reviveReason: ' a new market ' }), as('human', 'ana', { knownIdea }))
    .thenEvents([
      {
        type: 'TaskCreated',
        data: {
          taskId: 't2',
          type: 'evaluate_idea',
          priority: 5,
          payload: { title: 'Dotenv Linter CLI' },
          createdBy: 'ana',
          title: 'Dotenv Linter CLI',
          revived: { reason: 'a new market', by: 'ana', of: 'p0', ofStatus: 'published' },
        },
      },
    ]);
});

test('a title with a right-to-left override or a NUL is refused, naming the payload field (titles follow the rules of names)', () => {
  tasks
    .given([])
    .when({ type: 'CreateTask', taskId: 't1', taskType: 'evaluate_idea', priority: 5, payload: { title: 'Idea\u202Etxt.exe' } }, ctx())
    .thenFails('invalid', { field: 'payload.title' });
  tasks
    .given([])
    .when({ type: 'CreateTask', taskId: 't1', taskType: 'evaluate_idea', priority: 5, payload: { product_name: 'Kit\u0000' } }, ctx())
    .thenFails('invalid', { field: 'payload.product_name' });
});

test('allowDuplicates creates the task even when a duplicate exists (W-06)', () => {
  const events = tasks
    .given([])
    .when({ type: 'CreateTask', taskId: 't2', taskType: 'evaluate_idea', priority: 5, payload: { title: 'Idea' }, allowDuplicates: true }, ctx({ duplicateOf: 't1' }))
    .events();
  assert.is(events[0]!.type, 'TaskCreated');
});

test('an agent cannot create build_product directly: only after a human approves the project (W-07, PIPE-11)', () => {
  tasks
    .given([])
    .when({ type: 'CreateTask', taskId: 't1', taskType: 'build_product', priority: 8, payload: {}, gate: { kind: 'project', id: 'p1' } }, as('agent', 'pm'))
    .thenFails('forbidden', { field: 'type' });
});

test('an agent cannot create publish directly (human gate 2)', () => {
  tasks.given([]).when({ type: 'CreateTask', taskId: 't1', taskType: 'publish', priority: 9, payload: {} }, as('agent', 'tester')).thenFails('forbidden', { field: 'type' });
});

test('the pipeline creates build_product only with the approved project it follows', () => {
  tasks.given([]).when({ type: 'CreateTask', taskId: 't1', taskType: 'build_product', priority: 8, payload: {} }, as('system', 'pipeline')).thenFails('forbidden', { field: 'gate' });
  const ok = tasks
    .given([])
    .when({ type: 'CreateTask', taskId: 't1', taskType: 'build_product', priority: 8, payload: {}, gate: { kind: 'project', id: 'p1' } }, as('human', 'ana'))
    .events();
  assert.equal((ok[0] as Extract<TaskEvent, { type: 'TaskCreated' }>).data.gate, { kind: 'project', id: 'p1' });
});

test('the test/fix loop is capped: a fourth fix_product round is refused (W-08)', () => {
  const fix = { type: 'CreateTask' as const, taskId: 't9', taskType: 'fix_product', priority: 9, payload: { product: 'Kit' } };
  tasks.given([]).when(fix, as('agent', 'tester', { fixRounds: 3 })).thenFails('conflict', { message: /goes to a human/ });
  assert.is(tasks.given([]).when(fix, as('agent', 'tester', { fixRounds: 2 })).events().length, 1);
});

test('a claim takes a pending task with the next generation and a lease', () => {
  tasks
    .given([created()])
    .when({ type: 'ClaimTask', agent: 'critic', types: ['evaluate_idea'] }, as('agent', 'critic'))
    .thenEvents([{ type: 'TaskClaimed', data: { agent: 'critic', generation: 1, attempt: 1, leaseUntil: later(15) } }]);
});

test('a second claim of the same task is refused as a conflict: exactly one claimer wins (W-01)', () => {
  tasks.given([created(), claimed('critic', 1)]).when({ type: 'ClaimTask', agent: 'critic', types: ['evaluate_idea'] }, as('agent', 'critic')).thenFails('conflict');
});

test('a task addressed to another agent cannot be claimed', () => {
  tasks
    .given([created({ assignedTo: 'critic' })])
    .when({ type: 'ClaimTask', agent: 'critic2', types: ['evaluate_idea'] }, as('agent', 'critic2'))
    .thenFails('forbidden', { field: 'agent' });
});

test('a claimer whose role does not work on the type is refused', () => {
  tasks.given([created()]).when({ type: 'ClaimTask', agent: 'builder', types: ['build_product'] }, as('agent', 'builder')).thenFails('forbidden', { field: 'types' });
});

test('a directive addressed to any agent is claimable by that agent (W-05)', () => {
  const events = tasks
    .given([created({ type: 'directive', assignedTo: 'builder' })])
    .when({ type: 'ClaimTask', agent: 'builder', types: ['build_product', 'fix_product'] }, as('agent', 'builder'))
    .events();
  assert.is(events[0]!.type, 'TaskClaimed');
});

test('an agent cannot claim on behalf of another agent', () => {
  tasks.given([created()]).when({ type: 'ClaimTask', agent: 'critic', types: ['evaluate_idea'] }, as('agent', 'hunter')).thenFails('forbidden', { field: 'agent' });
});

test('only the holder completes a task (W-25)', () => {
  tasks
    .given([created(), claimed('critic', 1)])
    .when({ type: 'CompleteTask', agent: 'reviewer', result: {} }, as('agent', 'reviewer'))
    .thenFails('forbidden', { field: 'agent' });
});

test('the holder completes with its result', () => {
  tasks
    .given([created(), claimed('critic', 1)])
    .when({ type: 'CompleteTask', agent: 'critic', generation: 1, result: { decision: 'APPROVED' } }, as('agent', 'critic'))
    .thenEvents([{ type: 'TaskCompleted', data: { agent: 'critic', generation: 1, result: { decision: 'APPROVED' } } }]);
});

test('a completed task cannot be completed or failed again: results are never clobbered (W-02)', () => {
  const done: TaskEvent = { type: 'TaskCompleted', data: { agent: 'critic', generation: 1, result: { ok: true } } };
  tasks.given([created(), claimed('critic', 1), done]).when({ type: 'CompleteTask', agent: 'critic', result: { ok: false } }, as('agent', 'critic')).thenFails('conflict');
  tasks.given([created(), claimed('critic', 1), done]).when({ type: 'FailTask', agent: 'critic', reason: 'exit 1' }, as('system', 'supervisor')).thenFails('conflict');
});

test('a cancelled task cannot be completed (W-02)', () => {
  tasks
    .given([created(), claimed('critic', 1), { type: 'TaskCancelled', data: { reason: 'dup', by: 'meta' } }])
    .when({ type: 'CompleteTask', agent: 'critic', result: {} }, as('agent', 'critic'))
    .thenFails('conflict');
});

test('a holder with a stale claim generation is fenced off after its lease was lost', () => {
  const expired: TaskEvent = { type: 'TaskLeaseExpired', data: { agent: 'critic', generation: 1, attempt: 1 } };
  tasks
    .given([created(), claimed('critic', 1), expired, claimed('critic', 2)])
    .when({ type: 'CompleteTask', agent: 'critic', generation: 1, result: {} }, as('agent', 'critic'))
    .thenFails('conflict', { field: 'generation' });
});

test('lease expiry returns the task to pending and keeps its routing (W-04)', () => {
  const state = tasks
    .given([created({ assignedTo: 'critic' }), claimed('critic', 1), { type: 'TaskLeaseExpired', data: { agent: 'critic', generation: 1, attempt: 1 } }])
    .when({ type: 'SetTaskPriority', priority: 7 }, as('human', 'ana'))
    .state();
  assert.is(state.status, 'pending');
  assert.is(state.assignedTo, 'critic');
});

test('a lease is expired only by the watchdog, only once it has run out', () => {
  const given = [created(), claimed('critic', 1)];
  tasks.given(given).when({ type: 'ExpireLease', generation: 1 }, as('system', 'lease-watchdog', { now: later(10) })).thenFails('conflict', { message: /runs until/ });
  tasks.given(given).when({ type: 'ExpireLease', generation: 1 }, as('agent', 'critic', { now: later(20) })).thenFails('forbidden');
  tasks
    .given(given)
    .when({ type: 'ExpireLease', generation: 1 }, as('system', 'lease-watchdog', { now: later(20) }))
    .thenEvents([{ type: 'TaskLeaseExpired', data: { agent: 'critic', generation: 1, attempt: 1 } }]);
});

test('after the third lost lease the task fails for good and is dead-lettered (W-08)', () => {
  const expired = (g: number): TaskEvent => ({ type: 'TaskLeaseExpired', data: { agent: 'critic', generation: g, attempt: g } });
  tasks
    .given([created(), claimed('critic', 1), expired(1), claimed('critic', 2), expired(2), claimed('critic', 3)])
    .when({ type: 'ExpireLease', generation: 3 }, as('system', 'lease-watchdog', { now: later(60) }))
    .thenEvents([
      { type: 'TaskLeaseExpired', data: { agent: 'critic', generation: 3, attempt: 3 } },
      { type: 'TaskFailed', data: { reason: 'lease expired on attempt 3 of 3', deadLettered: true } },
    ]);
});

test('a release for a rate limit returns the task without using up an attempt', () => {
  const state = tasks
    .given([created(), claimed('critic', 1), { type: 'TaskReleased', data: { agent: 'critic', generation: 1, reason: 'rate limited', attemptRefunded: true } }])
    .when({ type: 'ClaimTask', agent: 'critic', types: ['evaluate_idea'] }, as('agent', 'critic'))
    .events();
  assert.equal(state[0], { type: 'TaskClaimed', data: { agent: 'critic', generation: 2, attempt: 1, leaseUntil: later(15) } });
});

test('only the holder renews its lease', () => {
  tasks.given([created(), claimed('critic', 1)]).when({ type: 'RenewLease', agent: 'hunter', generation: 1 }, as('agent', 'hunter')).thenFails('forbidden');
  tasks
    .given([created(), claimed('critic', 1)])
    .when({ type: 'RenewLease', agent: 'critic', generation: 1 }, as('agent', 'critic', { now: later(5) }))
    .thenEvents([{ type: 'TaskLeaseRenewed', data: { agent: 'critic', generation: 1, leaseUntil: later(20) } }]);
});

test('cancelling a completed task is refused; a failed one may be cancelled (ORCH-16)', () => {
  const done: TaskEvent = { type: 'TaskCompleted', data: { agent: 'critic', generation: 1, result: null } };
  tasks.given([created(), claimed('critic', 1), done]).when({ type: 'CancelTask', reason: 'x' }, as('human', 'ana')).thenFails('conflict');
  const failed: TaskEvent = { type: 'TaskFailed', data: { agent: 'critic', generation: 1, reason: 'boom', deadLettered: false } };
  tasks
    .given([created(), claimed('critic', 1), failed])
    .when({ type: 'CancelTask', reason: 'obsolete' }, as('human', 'ana'))
    .thenEvents([{ type: 'TaskCancelled', data: { reason: 'obsolete', by: 'ana' } }]);
});

test("an agent cannot cancel another agent's task (W-25)", () => {
  tasks.given([created({ createdBy: 'hunter' })]).when({ type: 'CancelTask', reason: 'mine now' }, as('agent', 'builder')).thenFails('forbidden');
  assert.is(tasks.given([created({ createdBy: 'hunter' })]).when({ type: 'CancelTask', reason: 'duplicate' }, as('agent', 'meta')).events().length, 1);
});

test('setting the same priority appends nothing; a new one is clamped', () => {
  tasks.given([created({ priority: 7 })]).when({ type: 'SetTaskPriority', priority: 7 }, as('human', 'ana')).thenEvents([]);
  tasks.given([created({ priority: 7 })]).when({ type: 'SetTaskPriority', priority: 0 }, as('human', 'ana')).thenEvents([{ type: 'TaskPrioritySet', data: { priority: 1, by: 'ana' } }]);
});

test('a release that counts as an attempt is a retry, and after the last attempt the task is dead-lettered', () => {
  const released = (g: number): TaskEvent => ({ type: 'TaskReleased', data: { agent: 'critic', generation: g, reason: 'run stopped', attemptRefunded: false } });
  tasks
    .given([created(), claimed('critic', 1)])
    .when({ type: 'ReleaseTask', agent: 'critic', reason: 'run stopped', attemptRefunded: false }, as('system', 'dispatcher'))
    .thenEvents([released(1)]);
  tasks
    .given([created(), claimed('critic', 1), released(1), claimed('critic', 2), released(2), claimed('critic', 3)])
    .when({ type: 'ReleaseTask', agent: 'critic', reason: 'run stopped', attemptRefunded: false }, as('system', 'dispatcher'))
    .thenEvents([released(3), { type: 'TaskFailed', data: { reason: 'run stopped (attempt 3 of 3)', deadLettered: true } }]);
});

test.run();
