import { test } from 'uvu';
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

test.run();
