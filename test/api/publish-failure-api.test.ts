import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { recordPublishFailure, requestApproval } from '../../processes/commands/approval-commands.js';
import { agent, system } from '../fixtures/test-runtime.js';
import { productInput } from '../commands/gate-harness.js';
import { must, startApi } from './api-harness.js';

test('the API: a failing product is approved only with override_tests and notes; a failed publish shows with its reason and is retried', async () => {
  const api = await startApi();
  try {
    const { approvalId } = must(await requestApproval(api.rt, agent('tester'), productInput({ testStatus: 'fail', projectId: 'p1' })));
    const listed = await api.get('/api/approvals?status=pending');
    assert.equal([listed.body.approvals[0].testStatus, listed.body.approvals[0].projectId], ['fail', 'p1']);
    const plain = await api.post(`/api/approvals/${approvalId}/approve`, { notes: 'ok' });
    assert.is(plain.status, 400, JSON.stringify(plain.body));
    assert.is(plain.body.field, 'overrideTests');
    const approved = await api.post(`/api/approvals/${approvalId}/approve`, { notes: 'known flaky test', override_tests: true });
    assert.is(approved.status, 200, JSON.stringify(approved.body));
    const firstTask = approved.body.publish_task_id as string;
    must(await recordPublishFailure(api.rt, system(), { id: approvalId, reason: 'gumroad answered 502', taskId: firstTask }));
    const failed = await api.get('/api/approvals?status=publish_failed');
    assert.is(failed.body.approvals.length, 1);
    assert.is(failed.body.approvals[0].publishFailure.reason, 'gumroad answered 502');
    assert.is(failed.body.counts.publish_failed, 1);
    const retried = await api.post(`/api/approvals/${approvalId}/retry`, { notes: 'token renewed' });
    assert.is(retried.status, 200, JSON.stringify(retried.body));
    assert.is(retried.body.status, 'approved');
    assert.ok(retried.body.publish_task_id && retried.body.publish_task_id !== firstTask);
    const again = await api.post(`/api/approvals/${approvalId}/retry`, {});
    assert.is(again.status, 409);
  } finally {
    await api.close();
  }
});

test.run();
