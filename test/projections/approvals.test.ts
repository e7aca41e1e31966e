import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import {
  approvalCounts,
  getApproval,
  getProject,
  listApprovals,
  listProjects,
  matchGateItem,
  pendingApprovalFor,
  pendingProjectTitled,
  projectCounts,
} from '../../projections/approvals/queries.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';

const meta = () => ({ correlationId: 'c', causationId: 'c', actor: { kind: 'human' as const, id: 'alice' }, at: '2026-11-24T10:00:00.000Z', schemaVersion: 1 });
const append = (log: EventStore, stream: string, type: string, data: unknown) => log.append(stream, [{ id: newEventId(), type, data, metadata: meta() }]);

const project = (id: string, title: string, hunterRating = 8, criticRating = 6) => ({
  projectId: id,
  title,
  hunterPitch: 'pitch',
  hunterRating,
  marketSize: 'Medium',
  maxRevenueEstimate: '5000',
  criticEvaluation: 'ok',
  criticRating,
  combinedRating: (hunterRating + criticRating) / 2,
  cons: 'cons',
  differentiation: 'diff',
  specPath: 'spec.md',
  effortEstimate: '2 days',
  submittedBy: 'pm',
});
const product = (id: string, productName: string) => ({
  approvalId: id,
  productName,
  productType: 'product',
  platform: 'gumroad',
  description: 'd',
  filesPath: `data/projects/${id}`,
  submittedBy: 'tester',
  price: 9,
});

/** A history touching every event the projection handles. */
const history = async (log: EventStore) => {
  await append(log, 'project-p1', 'ProjectSubmitted', project('p1', 'Invoice parser'));
  await append(log, 'project-p2', 'ProjectSubmitted', project('p2', 'CSV cleaner', 4, 9));
  await append(log, 'project-p3', 'ProjectSubmitted', project('p3', 'Logo kit'));
  await append(log, 'project-p1', 'ProjectDeferred', { projectId: 'p1', by: 'alice', note: 'later' });
  await append(log, 'project-p1', 'ProjectApproved', { projectId: 'p1', by: 'alice', note: 'go' });
  await append(log, 'project-p3', 'ProjectRejected', { projectId: 'p3', by: 'alice', reason: 'saturated' });
  await append(log, 'task-b1', 'TaskCreated', { taskId: 'b1', type: 'build_product', priority: 8, payload: { title: 'Invoice parser' }, createdBy: 'alice', gate: { kind: 'project', id: 'p1' } });
  await append(log, 'approval-a1', 'ApprovalRequested', product('a1', 'Invoice Parser'));
  await append(log, 'approval-a2', 'ApprovalRequested', product('a2', 'CSV Cleaner'));
  await append(log, 'approval-a1', 'ApprovalGranted', { approvalId: 'a1', by: 'alice' });
  await append(log, 'task-t1', 'TaskCreated', { taskId: 't1', type: 'publish', priority: 9, payload: { approval_id: 'a1', product_name: 'Invoice Parser', platform: 'gumroad' }, createdBy: 'alice', gate: { kind: 'approval', id: 'a1' } });
  await append(log, 'task-t1', 'TaskClaimed', { agent: 'publisher', generation: 1, attempt: 1, leaseUntil: '2026-11-24T10:15:00.000Z' });
  await append(log, 'approval-a2', 'ApprovalRejected', { approvalId: 'a2', by: 'alice', reason: 'crashes on empty files' });
  await append(log, 'task-f1', 'TaskCreated', { taskId: 'f1', type: 'fix_product', priority: 9, payload: { product: 'CSV Cleaner', approval_id: 'a2' }, createdBy: 'alice', assignedTo: 'builder' });
  await append(log, 'task-t1', 'TaskCompleted', { agent: 'publisher', generation: 1, result: {} });
  await append(log, 'approval-a1', 'ProductPublished', { approvalId: 'a1', by: 'publisher', taskId: 't1', url: 'https://example.com/p' });
};

const test = suite<{ dir: string; log: EventStore }>('approvals projection');
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-approvals-'));
  ctx.log = createSqliteEventStore({ path: join(ctx.dir, 'swarm.db') });
});
test.after.each(async (ctx) => {
  await ctx.log.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

test('queues list projects and approvals newest first, by status, with counts and the combined rating', async ({ log }) => {
  await history(log);
  const store = createMemoryProjectionStore();
  await catchUp(log, store, [approvalsProjection]);
  const docs = store.reader('approvals');
  assert.equal(listProjects(docs).map((p) => p.id), ['p3', 'p2', 'p1']);
  assert.equal(listProjects(docs, { status: 'pending' }).map((p) => p.id), ['p2']);
  assert.equal(projectCounts(docs), { pending: 1, approved: 1, rejected: 1, deferred: 0 });
  assert.is(getProject(docs, 'p2')?.combinedRating, 6.5);
  assert.equal(listApprovals(docs).map((a) => a.id), ['a2', 'a1']);
  assert.equal(approvalCounts(docs), { pending: 0, approved: 0, rejected: 1, published: 1, publish_failed: 0 });
  assert.is(listProjects(docs, { limit: 1 }).length, 1);
});

test('decisions, notes and follow-up tasks are linked to their items', async ({ log }) => {
  await history(log);
  const store = createMemoryProjectionStore();
  await catchUp(log, store, [approvalsProjection]);
  const docs = store.reader('approvals');
  assert.equal(
    (({ status, decidedBy, reviewerNotes, buildTaskId }) => ({ status, decidedBy, reviewerNotes, buildTaskId }))(getProject(docs, 'p1')!),
    { status: 'approved', decidedBy: 'alice', reviewerNotes: 'go', buildTaskId: 'b1' },
  );
  assert.is(getProject(docs, 'p3')?.reviewerNotes, 'saturated');
  const a1 = getApproval(docs, 'a1')!;
  assert.equal([a1.status, a1.publishTaskId, a1.publishedBy, a1.publishedUrl], ['published', 't1', 'publisher', 'https://example.com/p']);
  assert.is(getApproval(docs, 'a2')?.fixTaskId, 'f1');
});

test('only pending items count for dedup, matching titles regardless of case and spacing', async ({ log }) => {
  await history(log);
  const store = createMemoryProjectionStore();
  await catchUp(log, store, [approvalsProjection]);
  const docs = store.reader('approvals');
  assert.is(pendingProjectTitled(docs, '  csv   CLEANER '), 'p2');
  assert.is(pendingProjectTitled(docs, 'Invoice parser'), undefined);
  assert.is(pendingApprovalFor(docs, { productName: 'CSV Cleaner' }), undefined);
});

test('a failed publish shows as publish_failed with its reason until a retry; pending approvals are one per project', async ({ log }) => {
  await history(log);
  await append(log, 'approval-a3', 'ApprovalRequested', { ...product('a3', 'Invoice Parser'), projectId: 'p1', testStatus: 'fail' });
  await append(log, 'approval-a4', 'ApprovalRequested', { ...product('a4', 'Invoice Parser'), projectId: 'p9', testStatus: 'pass' });
  const store = createMemoryProjectionStore();
  await catchUp(log, store, [approvalsProjection]);
  let docs = store.reader('approvals');
  assert.is(pendingApprovalFor(docs, { productName: 'Invoice Parser', projectId: 'p1' }), 'a3');
  assert.is(pendingApprovalFor(docs, { productName: 'Invoice Parser', projectId: 'p9' }), 'a4');
  assert.is(getApproval(docs, 'a3')?.testStatus, 'fail');
  await append(log, 'approval-a3', 'ApprovalGranted', { approvalId: 'a3', by: 'alice', note: 'flaky test', overrideTests: true });
  await append(log, 'approval-a3', 'PublishFailed', { approvalId: 'a3', reason: 'platform said 502', platform: 'gumroad', taskId: 't7', by: 'pipeline' });
  await catchUp(log, store, [approvalsProjection]);
  docs = store.reader('approvals');
  const failed = getApproval(docs, 'a3')!;
  assert.equal([failed.status, failed.overrideTests, failed.publishFailure?.reason, failed.publishFailure?.taskId, failed.publishFailures], ['publish_failed', true, 'platform said 502', 't7', 1]);
  assert.equal(listApprovals(docs, { status: 'publish_failed' }).map((a) => a.id), ['a3']);
  await append(log, 'approval-a3', 'PublishRetried', { approvalId: 'a3', by: 'alice' });
  await append(log, 'task-t8', 'TaskCreated', { taskId: 't8', type: 'publish', priority: 9, payload: { approval_id: 'a3' }, createdBy: 'pipeline', gate: { kind: 'approval', id: 'a3' } });
  await catchUp(log, store, [approvalsProjection]);
  docs = store.reader('approvals');
  const retried = getApproval(docs, 'a3')!;
  assert.equal([retried.status, retried.publishFailure, retried.retriedBy, retried.publishTaskId, retried.publishFailures], ['approved', undefined, 'alice', 't8', 1]);
  assert.is(approvalCounts(docs).publish_failed, 0);
});

test('an id prefix finds one item of either kind, and an ambiguous prefix lists the matches (W-26)', async ({ log }) => {
  await history(log);
  const store = createMemoryProjectionStore();
  await catchUp(log, store, [approvalsProjection]);
  const docs = store.reader('approvals');
  const a = matchGateItem(docs, 'a2');
  assert.ok(a.kind === 'found' && a.doc.kind === 'approval' && a.doc.doc.id === 'a2');
  const ambiguous = matchGateItem(docs, 'p');
  assert.equal(ambiguous.kind === 'ambiguous' && ambiguous.ids, ['project p1', 'project p2', 'project p3']);
  assert.is(matchGateItem(docs, 'zz').kind, 'none');
});

test('redelivered events change nothing', async ({ log }) => {
  await history(log);
  const store = createMemoryProjectionStore();
  await catchUp(log, store, [approvalsProjection]);
  const before = store.dump('approvals');
  const events: RecordedEvent[] = [];
  for await (const e of log.readAll({ fromPosition: 0 })) events.push(e);
  store.write((tx) => {
    const docs = tx.docs('approvals');
    for (const e of events) approvalsProjection.apply(docs, e);
    // An older event arriving again after newer ones must not move an item back.
    approvalsProjection.apply(docs, events[3]!);
  });
  assert.equal(store.dump('approvals'), before);
});

test('a rebuild from position 0 equals the live model folded in small batches', async ({ log, dir }) => {
  const live = createSqliteProjectionStore(join(dir, 'live.db'));
  await history(log);
  await catchUp(log, live, [approvalsProjection], { batchSize: 2 });
  await append(log, 'project-p2', 'ProjectApproved', { projectId: 'p2', by: 'alice' });
  await catchUp(log, live, [approvalsProjection]);
  const rebuilt = createMemoryProjectionStore();
  await catchUp(log, rebuilt, [approvalsProjection]);
  assert.equal(rebuilt.dump('approvals'), live.dump('approvals'));
  live.close();
});

test.run();
