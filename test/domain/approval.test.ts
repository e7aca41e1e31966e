import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ApprovalCommand, ApprovalDecisionContext, ApprovalEvent, PublishTaskFacts } from '../../domain/approval/index.js';
import { approvalDecider } from '../../domain/approval/index.js';
import type { Actor } from '../../domain/log/envelope.js';
import { spec } from './spec.js';

const human: Actor = { kind: 'human', id: 'alice' };
const tester: Actor = { kind: 'agent', id: 'tester' };
const publisher: Actor = { kind: 'agent', id: 'publisher' };
const ctx = (actor: Actor = human, extra: Partial<ApprovalDecisionContext> = {}): ApprovalDecisionContext => ({
  now: '2026-11-24T10:00:00.000Z',
  actor,
  ...extra,
});

const request = (overrides: Partial<Extract<ApprovalCommand, { type: 'RequestApproval' }>> = {}): ApprovalCommand => ({
  type: 'RequestApproval',
  approvalId: 'a1',
  productName: 'Invoice Parser',
  productType: 'product',
  platform: 'Gumroad',
  description: 'Parses invoices',
  filesPath: 'data/projects/invoice-parser',
  submittedBy: 'tester',
  price: 9.5,
  ...overrides,
});
const requested = (): ApprovalEvent => ({
  type: 'ApprovalRequested',
  data: {
    approvalId: 'a1',
    productName: 'Invoice Parser',
    productType: 'product',
    platform: 'gumroad',
    description: 'Parses invoices',
    filesPath: 'data/projects/invoice-parser',
    submittedBy: 'tester',
    price: 9.5,
  },
});
const granted = (): ApprovalEvent => ({ type: 'ApprovalGranted', data: { approvalId: 'a1', by: 'alice' } });
const rejected = (): ApprovalEvent => ({ type: 'ApprovalRejected', data: { approvalId: 'a1', by: 'alice', reason: 'broken' } });
const publishTask = (extra: Partial<PublishTaskFacts> = {}): PublishTaskFacts => ({ taskId: 't1', type: 'publish', approvalId: 'a1', holder: 'publisher', ...extra });

test('a requested approval is pending, with the platform in lower case', () => {
  spec(approvalDecider).given([]).when(request(), ctx(tester)).thenEvents([requested()]);
});

test('a request for a product with a pending approval of the same name is refused with the existing id', () => {
  spec(approvalDecider).given([]).when(request(), ctx(tester, { pendingDuplicateOf: 'a0' })).thenFails('conflict', { field: 'productName', message: /a0/ });
});

test('a product of one project is not submitted from another project\'s folder (issue L: every project its own)', () => {
  const mine = '01a24610-d017-7000-8000-000000000001';
  const other = '01a24610-d017-7000-8000-000000000002';
  spec(approvalDecider)
    .given([])
    .when(request({ projectId: mine, filesPath: `/data/projects/${other}` }), ctx(tester))
    .thenFails('invalid', { field: 'filesPath', message: new RegExp(`project ${other}'s folder, not project ${mine}'s`) });
  assert.is(spec(approvalDecider).given([]).when(request({ projectId: mine, filesPath: `$SWARM_HOME/projects/${mine}/dist` }), ctx(tester)).events().length, 1);
  assert.is(spec(approvalDecider).given([]).when(request({ projectId: mine, filesPath: 'data/projects/invoice-parser' }), ctx(tester)).events().length, 1, 'a folder named by the product (older histories)');
});

test('an agent cannot request an approval in another agent\'s name', () => {
  spec(approvalDecider).given([]).when(request({ submittedBy: 'builder' }), ctx(tester)).thenFails('forbidden', { field: 'submittedBy' });
});

test('a human approves a pending product', () => {
  spec(approvalDecider).given([requested()]).when({ type: 'GrantApproval' }, ctx()).thenEvents([granted()]);
});

test('a human rejects a pending product with a reason', () => {
  spec(approvalDecider).given([requested()]).when({ type: 'RejectApproval', reason: ' broken ' }, ctx()).thenEvents([rejected()]);
});

test('an agent may not approve or reject a product', () => {
  spec(approvalDecider).given([requested()]).when({ type: 'GrantApproval' }, ctx(publisher)).thenFails('forbidden');
  spec(approvalDecider).given([requested()]).when({ type: 'RejectApproval', reason: 'x' }, ctx(tester)).thenFails('forbidden');
});

test('a second decision on a product is refused as a conflict', () => {
  spec(approvalDecider).given([requested(), granted()]).when({ type: 'RejectApproval', reason: 'x' }, ctx()).thenFails('conflict', { message: /already approved/ });
  spec(approvalDecider).given([requested(), rejected()]).when({ type: 'GrantApproval' }, ctx()).thenFails('conflict');
});

test('the publisher holding the publish task marks the product published (W-32)', () => {
  spec(approvalDecider)
    .given([requested(), granted()])
    .when({ type: 'MarkPublished', taskId: 't1', url: 'https://x.gumroad.com/l/p' }, ctx(publisher, { publishTask: publishTask() }))
    .thenEvents([{ type: 'ProductPublished', data: { approvalId: 'a1', by: 'publisher', taskId: 't1', url: 'https://x.gumroad.com/l/p' } }]);
});

test('the agent that completed the publish task may also mark it published', () => {
  spec(approvalDecider)
    .given([requested(), granted()])
    .when({ type: 'MarkPublished', taskId: 't1' }, ctx(publisher, { publishTask: publishTask({ holder: undefined, completedBy: 'publisher' }) }))
    .events();
});

test('an agent not holding the publish task cannot mark the product published (W-25)', () => {
  spec(approvalDecider)
    .given([requested(), granted()])
    .when({ type: 'MarkPublished', taskId: 't1' }, ctx({ kind: 'agent', id: 'builder' }, { publishTask: publishTask() }))
    .thenFails('forbidden', { field: 'taskId' });
});

test('a publish task of another approval cannot mark this one published (W-25)', () => {
  spec(approvalDecider)
    .given([requested(), granted()])
    .when({ type: 'MarkPublished', taskId: 't1' }, ctx(human, { publishTask: publishTask({ approvalId: 'a2' }) }))
    .thenFails('invalid', { field: 'taskId' });
});

test('a task that is not a publish task cannot mark a product published', () => {
  spec(approvalDecider)
    .given([requested(), granted()])
    .when({ type: 'MarkPublished', taskId: 't1' }, ctx(human, { publishTask: publishTask({ type: 'build_product' }) }))
    .thenFails('invalid', { field: 'taskId' });
});

test('a missing publish task is reported as not found', () => {
  spec(approvalDecider).given([requested(), granted()]).when({ type: 'MarkPublished', taskId: 't9' }, ctx()).thenFails('not_found', { field: 'taskId' });
});

test('only an approved product can be marked published, and only once', () => {
  spec(approvalDecider).given([requested()]).when({ type: 'MarkPublished', taskId: 't1' }, ctx(human, { publishTask: publishTask() })).thenFails('conflict');
  spec(approvalDecider)
    .given([requested(), granted(), { type: 'ProductPublished', data: { approvalId: 'a1', by: 'publisher', taskId: 't1' } }])
    .when({ type: 'MarkPublished', taskId: 't1' }, ctx(human, { publishTask: publishTask() }))
    .thenFails('conflict', { message: /already published/ });
});

const failing = (): ApprovalEvent => {
  const e = requested();
  return { ...e, data: { ...e.data, testStatus: 'fail', projectId: 'p1' } } as ApprovalEvent;
};
const failed = (extra: Record<string, string> = {}): ApprovalEvent => ({ type: 'PublishFailed', data: { approvalId: 'a1', reason: 'platform said 502', by: 'pipeline', ...extra } });
const system: Actor = { kind: 'system', id: 'pipeline' };

test('a request records the project and the test status the tester gave', () => {
  spec(approvalDecider)
    .given([])
    .when(request({ projectId: ' p1 ', testStatus: 'fail' }), ctx(tester))
    .thenEvents([failing()]);
});

test('approving a product whose tests fail without an override is refused naming the flag', () => {
  spec(approvalDecider).given([failing()]).when({ type: 'GrantApproval' }, ctx()).thenFails('invalid', { field: 'overrideTests', message: /--override-tests --note/ });
});

test('an override of failing tests needs a note', () => {
  spec(approvalDecider).given([failing()]).when({ type: 'GrantApproval', overrideTests: true, note: '  ' }, ctx()).thenFails('invalid', { field: 'note' });
});

test('a person approves a failing product with an override and a note: the grant says it overrode the tests', () => {
  spec(approvalDecider)
    .given([failing()])
    .when({ type: 'GrantApproval', overrideTests: true, note: 'known flaky test' }, ctx())
    .thenEvents([{ type: 'ApprovalGranted', data: { approvalId: 'a1', by: 'alice', note: 'known flaky test', overrideTests: true } }]);
});

test('an override flag on a passing product is not recorded as an override', () => {
  spec(approvalDecider).given([requested()]).when({ type: 'GrantApproval', overrideTests: true }, ctx()).thenEvents([granted()]);
});

test('the pipeline records that the publish of an approved product failed, with the reason, platform and task', () => {
  spec(approvalDecider)
    .given([requested(), granted()])
    .when({ type: 'RecordPublishFailure', reason: ' platform said 502 ', platform: 'Gumroad', taskId: 't1' }, ctx(system, { publishTask: publishTask({ holder: undefined }) }))
    .thenEvents([failed({ platform: 'gumroad', taskId: 't1' })]);
});

test('the publisher holding the publish task may report its failure; another agent may not', () => {
  spec(approvalDecider)
    .given([requested(), granted()])
    .when({ type: 'RecordPublishFailure', reason: 'x', taskId: 't1' }, ctx(publisher, { publishTask: publishTask() }))
    .events();
  spec(approvalDecider)
    .given([requested(), granted()])
    .when({ type: 'RecordPublishFailure', reason: 'x', taskId: 't1' }, ctx({ kind: 'agent', id: 'builder' }, { publishTask: publishTask() }))
    .thenFails('forbidden', { field: 'taskId' });
  spec(approvalDecider).given([requested(), granted()]).when({ type: 'RecordPublishFailure', reason: 'x' }, ctx(publisher)).thenFails('forbidden', { field: 'taskId' });
});

test('a publish failure is recorded once, never on a published or undecided product', () => {
  spec(approvalDecider).given([requested(), granted(), failed()]).when({ type: 'RecordPublishFailure', reason: 'again' }, ctx(system)).thenFails('conflict', { message: /retries/ });
  spec(approvalDecider)
    .given([requested(), granted(), { type: 'ProductPublished', data: { approvalId: 'a1', by: 'publisher', taskId: 't1' } }])
    .when({ type: 'RecordPublishFailure', reason: 'x' }, ctx(system))
    .thenFails('conflict', { message: /already published/ });
  spec(approvalDecider).given([requested()]).when({ type: 'RecordPublishFailure', reason: 'x' }, ctx(system)).thenFails('conflict');
  spec(approvalDecider).given([]).when({ type: 'RecordPublishFailure', reason: 'x' }, ctx(system)).thenFails('not_found');
});

test('a failed publish shows as publish_failed', () => {
  const state = spec(approvalDecider).given([requested(), granted(), failed()]).when({ type: 'RetryPublish' }, ctx()).state();
  assert.is(state.status, 'publish_failed');
});

test('a person retries a failed publish; the approval is approved again', () => {
  const retried: ApprovalEvent = { type: 'PublishRetried', data: { approvalId: 'a1', by: 'alice', note: 'token renewed' } };
  spec(approvalDecider).given([requested(), granted(), failed()]).when({ type: 'RetryPublish', note: ' token renewed ' }, ctx()).thenEvents([retried]);
  assert.is(spec(approvalDecider).given([requested(), granted(), failed(), retried]).when({ type: 'RetryPublish' }, ctx()).state().status, 'approved');
});

test('only a person retries, and only a publish that failed', () => {
  spec(approvalDecider).given([requested(), granted(), failed()]).when({ type: 'RetryPublish' }, ctx(system)).thenFails('forbidden');
  spec(approvalDecider).given([requested(), granted(), failed()]).when({ type: 'RetryPublish' }, ctx(publisher)).thenFails('forbidden');
  spec(approvalDecider).given([requested(), granted()]).when({ type: 'RetryPublish' }, ctx()).thenFails('conflict', { message: /only a publish that failed/ });
});

test('a product whose publish failed may still be marked published by its publish task', () => {
  spec(approvalDecider)
    .given([requested(), granted(), failed()])
    .when({ type: 'MarkPublished', taskId: 't1' }, ctx(publisher, { publishTask: publishTask() }))
    .thenEvents([{ type: 'ProductPublished', data: { approvalId: 'a1', by: 'publisher', taskId: 't1' } }]);
});

test.run();
