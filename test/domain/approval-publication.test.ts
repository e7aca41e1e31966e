import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApprovalEventCodec, approvalDecider, type ApprovalEvent } from '../../domain/approval/index.js';
import { spec } from './spec.js';

const requested: ApprovalEvent = {
  type: 'ApprovalRequested',
  data: { approvalId: 'a1', productName: 'Invoice Parser', productType: 'product', platform: 'npm', description: 'd', filesPath: 'p', submittedBy: 'tester' },
};
const granted: ApprovalEvent = { type: 'ApprovalGranted', data: { approvalId: 'a1', by: 'alice' } };

test('a publication by swarm publish records the platform and its external id', () => {
  spec(approvalDecider)
    .given([requested, granted])
    .when(
      { type: 'MarkPublished', taskId: 't1', url: 'http://registry/invoice-parser', platform: 'npm', externalId: 'invoice-parser@1.0.0' },
      { now: '2026-12-04T10:00:00.000Z', actor: { kind: 'human', id: 'alice' }, publishTask: { taskId: 't1', type: 'publish', approvalId: 'a1' } },
    )
    .thenEvents([
      { type: 'ProductPublished', data: { approvalId: 'a1', by: 'alice', taskId: 't1', url: 'http://registry/invoice-parser', platform: 'npm', externalId: 'invoice-parser@1.0.0' } },
    ]);
});

test('a ProductPublished recorded before platform and external id existed still decodes', () => {
  const old = { type: 'ProductPublished', data: { approvalId: 'a1', by: 'publisher', taskId: 't1', url: 'file:///downloads/x' } };
  assert.ok(ApprovalEventCodec.is(old));
  assert.ok(ApprovalEventCodec.is({ type: 'ProductPublished', data: { approvalId: 'a1', by: 'publisher', taskId: 't1' } }));
});

test.run();
