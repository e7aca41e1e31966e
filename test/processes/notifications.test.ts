import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { createLogNotifier } from '../../infra/notifications/log-notifier.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { reactTo } from '../../processes/engine/run-process-managers.js';
import { dailySummary, dailySummaryText, dayBefore } from '../../processes/notifications/daily-summary.js';
import type { Notification, Notifier } from '../../processes/notifications/notifier.js';
import { notificationsProcess } from '../../processes/notifications/notifications-process.js';
import { scheduledJobsProcess } from '../../processes/scheduler/job-runner.js';
import { defaultJobs } from '../../processes/scheduler/scheduled-jobs.js';
import type { TestRuntime } from '../fixtures/test-runtime.js';
import { testOnEachStore, type StoreCase } from '../fixtures/store-cases.js';

const now = '2026-03-02T10:00:00.000Z';

/** A notifier that remembers what it was given. */
const recording = (): Notifier & { sent: Notification[] } => {
  const sent: Notification[] = [];
  return { sent, notify: async (n) => void sent.push(n) };
};

const record = async (rt: SwarmRuntime, stream: string, type: string, data: unknown, at = now): Promise<RecordedEvent> => {
  const id = rt.newEventId();
  const appended = await rt.log.append(stream, [{ id, type, data, metadata: { correlationId: id, causationId: id, actor: { kind: 'system', id: 'test' }, at, schemaVersion: 1 } }]);
  if (appended._tag === 'Left') throw new Error(appended.left.message);
  const read = await rt.log.readStream(stream);
  if (read._tag === 'Left') throw new Error('unreadable');
  return read.right.find((e) => e.id === id)!;
};

const raisedCount = async (rt: SwarmRuntime) => {
  let n = 0;
  for await (const _ of rt.log.readAll({ filter: { eventTypes: ['NotificationRaised'] } })) n++;
  return n;
};

const withRuntime = (name: string, body: (rt: TestRuntime, store: StoreCase) => Promise<void>) => testOnEachStore(name, body, { now });

const approvalRequested = {
  approvalId: '0192aaaa-bbbb-7ccc-8ddd-eeeeffff0000',
  productName: 'Focus Timer',
  productType: 'web_app',
  platform: 'gumroad',
  description: 'A pomodoro timer',
  filesPath: 'products/focus-timer',
  submittedBy: 'tester',
  price: 9,
};

withRuntime('a product ready for approval notifies, with the approve and reject commands and a dashboard link (W-33)', async (rt) => {
  const notifier = recording();
  const event = await record(rt, `approval-${approvalRequested.approvalId}`, 'ApprovalRequested', approvalRequested);
  await reactTo(notificationsProcess(notifier, { dashboardUrl: 'http://127.0.0.1:8080/' }), event, rt);
  assert.is(notifier.sent.length, 1);
  const [n] = notifier.sent;
  assert.is(n!.kind, 'approval_ready');
  assert.is(n!.title, 'Ready for approval: Focus Timer');
  assert.match(n!.text, 'swarm approve 0192aaaa');
  assert.match(n!.text, 'swarm reject 0192aaaa-bbbb-7ccc --reason');
  assert.is(n!.link, `http://127.0.0.1:8080/approvals/${approvalRequested.approvalId}`);
});

withRuntime('a project proposal notifies with its rating', async (rt) => {
  const notifier = recording();
  const event = await record(rt, 'project-p1', 'ProjectSubmitted', {
    projectId: 'p1', title: 'Invoice kit', hunterPitch: 'Freelancers need invoices', hunterRating: 8, marketSize: 'large',
    maxRevenueEstimate: '$2k/mo', criticEvaluation: 'solid', criticRating: 7, combinedRating: 7.5, cons: 'crowded',
    differentiation: 'simple', specPath: 'specs/invoice.md', effortEstimate: '2 days', submittedBy: 'pm',
  });
  await reactTo(notificationsProcess(notifier), event, rt);
  assert.is(notifier.sent[0]!.kind, 'project_proposal');
  assert.match(notifier.sent[0]!.text, '🟢 rated 7.5/10');
  assert.is(notifier.sent[0]!.link, undefined);
});

withRuntime('a failed task notifies with its type, title, agent and reason; a dead letter says so', async (rt) => {
  const notifier = recording();
  await record(rt, 'task-t1', 'TaskCreated', { taskId: 't1', type: 'research', priority: 5, payload: { title: 'AI notes' }, title: 'AI notes', createdBy: 'hunter' });
  const failed = await record(rt, 'task-t1', 'TaskFailed', { agent: 'hunter', generation: 1, reason: 'the site was down', deadLettered: true });
  await reactTo(notificationsProcess(notifier), failed, rt);
  const [n] = notifier.sent;
  assert.is(n!.kind, 'task_failed');
  assert.is(n!.title, 'Task failed: research — AI notes');
  assert.match(n!.text, 'agent hunter: the site was down');
  assert.match(n!.text, 'Dead-lettered');
});

withRuntime("a rate limit notifies with the run's agent and the reset time", async (rt) => {
  const notifier = recording();
  await record(rt, 'run-r1', 'RunStarted', { runId: 'r1', agent: 'builder', driver: 'claude', model: 'opus', promptHash: 'h', promptPath: 'p', logPath: 'l' });
  const limited = await record(rt, 'run-r1', 'ProviderRateLimited', { provider: 'claude', resetAt: '2026-03-02T17:00:00.000Z' });
  await reactTo(notificationsProcess(notifier), limited, rt);
  assert.is(notifier.sent[0]!.kind, 'rate_limit');
  assert.match(notifier.sent[0]!.text, 'builder hit the claude limit');
  assert.match(notifier.sent[0]!.text, '2026-03-02T17:00:00.000Z');
});

withRuntime('a budget warning and a budget exhaustion notify, naming the scope', async (rt) => {
  const notifier = recording();
  const manager = notificationsProcess(notifier);
  await reactTo(manager, await record(rt, 'budget-critic', 'BudgetWarningRaised', { day: '2026-03-02', used: 70_000, limit: 100_000 }), rt);
  await reactTo(manager, await record(rt, 'budget-swarm', 'BudgetExhausted', { day: '2026-03-02', used: 1_000_000, limit: 1_000_000 }), rt);
  assert.equal(notifier.sent.map((n) => [n.kind, n.title]), [
    ['budget', 'Token budget at 70%: critic'],
    ['budget', 'Token budget exhausted: swarm'],
  ]);
});

withRuntime('a redelivered event notifies once', async (rt) => {
  const notifier = recording();
  const manager = notificationsProcess(notifier);
  const event = await record(rt, `approval-${approvalRequested.approvalId}`, 'ApprovalRequested', approvalRequested);
  await reactTo(manager, event, rt);
  await reactTo(manager, event, rt);
  assert.is(notifier.sent.length, 1);
  assert.is(await raisedCount(rt), 1);
});

withRuntime('two `swarm up` instances reacting to one event at once notify once between them', async (rt, store) => {
  const otherLog = store.anotherClient(rt);
  try {
    const other: SwarmRuntime = { ...rt, log: otherLog };
    const [a, b] = [recording(), recording()];
    const event = await record(rt, `approval-${approvalRequested.approvalId}`, 'ApprovalRequested', approvalRequested);
    await Promise.all([reactTo(notificationsProcess(a), event, rt), reactTo(notificationsProcess(b), event, other)]);
    assert.is(a.sent.length + b.sent.length, 1);
    assert.is(await raisedCount(rt), 1);
  } finally {
    await otherLog.close();
  }
});

withRuntime('an event older than a day is not notified (a first start on a long history stays quiet)', async (rt) => {
  const notifier = recording();
  const event = await record(rt, `approval-${approvalRequested.approvalId}`, 'ApprovalRequested', approvalRequested, '2026-02-20T10:00:00.000Z');
  await reactTo(notificationsProcess(notifier), event, rt);
  assert.is(notifier.sent.length, 0);
});

withRuntime('a notifier that fails is reported, never thrown; the notification stays recorded', async (rt) => {
  const warnings: string[] = [];
  const failing: Notifier = { notify: async () => { throw new Error('slack is down'); } };
  const event = await record(rt, `approval-${approvalRequested.approvalId}`, 'ApprovalRequested', approvalRequested);
  await reactTo(notificationsProcess(failing, { log: { warn: (_f, m) => void warnings.push(m) } }), event, rt);
  assert.equal(warnings, ['notification not delivered']);
  assert.is(await raisedCount(rt), 1);
});

withRuntime('the log notifier writes one structured line per notification', async (rt) => {
  const lines: [Record<string, unknown>, string][] = [];
  await createLogNotifier({ info: (f, m) => void lines.push([f, m]) }).notify({ kind: 'budget', title: 'T', text: 'x' });
  assert.equal(lines, [[{ notification: { kind: 'budget', title: 'T', text: 'x' } }, 'notification: T']]);
  assert.ok(rt);
});

const seedYesterday = async (rt: TestRuntime) => {
  const at = '2026-03-01T12:00:00.000Z';
  for (const [id, type] of [['a', 'research'], ['b', 'research'], ['c', 'build_product']] as const)
    await record(rt, `task-${id}`, 'TaskCreated', { taskId: id, type, priority: 5, payload: {}, createdBy: 'hunter' }, at);
  await record(rt, 'task-a', 'TaskCompleted', { agent: 'hunter', generation: 1, result: {} }, at);
  await record(rt, 'task-b', 'TaskFailed', { agent: 'hunter', generation: 1, reason: 'x', deadLettered: false }, at);
  await record(rt, 'task-c', 'TaskCompleted', { agent: 'builder', generation: 1, result: {} }, '2026-03-02T01:00:00.000Z'); // today: not counted
  await record(rt, 'run-r1', 'TokensUsed', { agent: 'hunter', inputTokens: 1_000, outputTokens: 500, costUsd: 0.25 }, at);
  await record(rt, 'sale-gumroad-s1', 'IncomeRecorded', { source: 'gumroad', product: 'Focus Timer', amountMinor: 900, currency: 'USD', externalId: 's1', occurredAt: at }, at);
};

withRuntime("the daily summary gives yesterday's tasks, income, tokens and cost from the read models", async (rt) => {
  await seedYesterday(rt);
  assert.is(dayBefore('2026-03-02T09:00:00.000Z'), '2026-03-01');
  const summary = await dailySummary(rt, '2026-03-01');
  assert.equal(summary.tasks, { created: 3, completed: 1, failed: 1, cancelled: 0 });
  assert.equal(summary.topAgents, [{ agent: 'hunter', completed: 1 }]);
  assert.equal(summary.topTypes, [{ type: 'research', created: 2 }, { type: 'build_product', created: 1 }]);
  assert.equal(summary.income, [{ currency: 'USD', netMinor: 900, sales: 1, refunds: 0 }]);
  assert.equal(summary.tokens, { input: 1_000, output: 500, total: 1_500, costUsd: 0.25 });
  const text = dailySummaryText(summary);
  assert.is(text.title, 'Daily summary for 2026-03-01');
  assert.match(text.text, 'Tasks: 1 completed, 1 failed, 3 created');
  assert.match(text.text, 'Income: 9.00 USD (1 sales)');
  assert.match(text.text, 'Tokens: 1,500 (1,000 in, 500 out), cost $0.25');
});

withRuntime('the 09:00 firing sends the summary once, however often it is carried out', async (rt) => {
  await seedYesterday(rt);
  const notifier = recording();
  const fired = await record(rt, 'schedule-daily_summary-2026-03-02', 'JobFired', { job: 'daily_summary', slot: '2026-03-02T09:00:00.000Z', firedBy: 'scheduler' });
  const manager = scheduledJobsProcess(defaultJobs, { notifier });
  await reactTo(manager, fired, rt);
  await reactTo(manager, fired, rt);
  assert.equal(notifier.sent.map((n) => [n.kind, n.title]), [['daily_summary', 'Daily summary for 2026-03-01']]);
});

withRuntime('a new swarm started within the 09:00 slot sends no summary of a day before its log began', async (rt) => {
  const notifier = recording();
  const fired = await record(rt, 'schedule-daily_summary-2026-03-02', 'JobFired', { job: 'daily_summary', slot: '2026-03-02T09:00:00.000Z', firedBy: 'scheduler' });
  await reactTo(scheduledJobsProcess(defaultJobs, { notifier }), fired, rt);
  assert.equal(notifier.sent, [], 'the log began on 2026-03-02: nothing to say of 2026-03-01');
});

test.run();
