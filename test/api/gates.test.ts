import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requestApproval } from '../../processes/commands/approval-commands.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { agent } from '../fixtures/test-runtime.js';
import { productInput, projectInput } from '../commands/gate-harness.js';
import { must, startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';

for (const store of storeCases) {
  test(`approving a project records the operator who decided and starts the build task (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { projectId } = must(await submitProject(api.rt, agent('pm'), projectInput()));
      const listed = await api.get('/api/projects?status=pending');
      assert.is(listed.status, 200);
      assert.equal(listed.body.projects.map((p: any) => p.id), [projectId]);
      assert.is(listed.body.projects[0].combined_rating, listed.body.projects[0].combinedRating);
      assert.is(listed.body.stats.pending, 1);
      const approved = await api.post(`/api/projects/${projectId}/approve`, { notes: 'go' });
      assert.is(approved.status, 200, JSON.stringify(approved.body));
      assert.is(approved.body.status, 'approved');
      assert.ok(approved.body.build_task_id);
      const project = await api.get(`/api/projects/${projectId.slice(0, 12)}`);
      assert.is(project.body.decidedBy, 'admin');
      assert.is(project.body.reviewerNotes, 'go');
      const tasks = await api.get('/api/tasks?type=build_product');
      assert.equal(tasks.body.tasks.map((t: any) => t.id), [approved.body.build_task_id]);
    } finally {
      await api.close();
    }
  });

  test(`a second decision on a project is refused with 409 and appends nothing (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { projectId } = must(await submitProject(api.rt, agent('pm'), projectInput()));
      assert.is((await api.post(`/api/projects/${projectId}/reject`, { reason: 'too small' })).status, 200);
      const head = await api.rt.log.headPosition();
      const again = await api.post(`/api/projects/${projectId}/approve`, {});
      assert.is(again.status, 409);
      assert.is(again.body.code, 'conflict');
      assert.type(again.body.error, 'string');
      assert.is(await api.rt.log.headPosition(), head);
    } finally {
      await api.close();
    }
  });

  test(`a deferred project can be approved later (W-31) (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { projectId } = must(await submitProject(api.rt, agent('pm'), projectInput()));
      assert.is((await api.post(`/api/projects/${projectId}/defer`, { notes: 'later' })).body.status, 'deferred');
      assert.is((await api.get('/api/projects?status=deferred')).body.projects.length, 1);
      const approved = await api.post(`/api/projects/${projectId}/approve`, {});
      assert.is(approved.status, 200);
      assert.is(approved.body.status, 'approved');
    } finally {
      await api.close();
    }
  });

  test(`rejecting without a reason is 400 naming the field, and nothing is appended (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { projectId } = must(await submitProject(api.rt, agent('pm'), projectInput()));
      const { approvalId } = must(await requestApproval(api.rt, agent('tester'), productInput()));
      const head = await api.rt.log.headPosition();
      for (const path of [`/api/projects/${projectId}/reject`, `/api/approvals/${approvalId}/reject`]) {
        const refused = await api.post(path, { reason: '  ' });
        assert.is(refused.status, 400, path);
        assert.is(refused.body.field, 'reason');
        assert.match(refused.body.error, /reason/);
      }
      assert.is((await api.post(`/api/approvals/${approvalId}/approve`, { notes: 7 })).body.field, 'notes');
      assert.is(await api.rt.log.headPosition(), head);
    } finally {
      await api.close();
    }
  });

  test(`unknown ids are 404 and a project id prefix naming several is 400 (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      assert.is((await api.get('/api/projects/nope')).status, 404);
      assert.is((await api.post('/api/approvals/nope/approve', {})).status, 404);
      assert.is((await api.post('/api/projects/nope/defer', {})).status, 404);
      must(await submitProject(api.rt, agent('pm'), projectInput({ title: 'One' }), { projectId: 'same-1' }));
      must(await submitProject(api.rt, agent('pm'), projectInput({ title: 'Two' }), { projectId: 'same-2' }));
      const ambiguous = await api.get('/api/projects/same');
      assert.is(ambiguous.status, 400);
      assert.is(ambiguous.body.field, 'id');
    } finally {
      await api.close();
    }
  });

  test(`a product approval: listed with the pending count; approve starts publish, a second decision is 409 (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { approvalId } = must(await requestApproval(api.rt, agent('tester'), productInput()));
      const listed = await api.get('/api/approvals');
      assert.is(listed.body.pending_count, 1);
      assert.is(listed.body.approvals[0].id, approvalId);
      const approved = await api.post(`/api/approvals/${approvalId}/approve`, { notes: 'ship it' });
      assert.is(approved.status, 200, JSON.stringify(approved.body));
      assert.ok(approved.body.publish_task_id);
      const again = await api.post(`/api/approvals/${approvalId}/reject`, { reason: 'changed my mind' });
      assert.is(again.status, 409);
      const after = await api.get('/api/approvals?status=approved');
      assert.is(after.body.approvals[0].decidedBy, 'admin');
    } finally {
      await api.close();
    }
  });

  test(`rejecting a product sends the reason to the builder as a fix task (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { approvalId } = must(await requestApproval(api.rt, agent('tester'), productInput()));
      const rejected = await api.post(`/api/approvals/${approvalId}/reject`, { reason: 'the preview is broken' });
      assert.is(rejected.status, 200, JSON.stringify(rejected.body));
      const fix = (await api.get('/api/tasks?type=fix_product')).body.tasks[0];
      assert.is(fix.id, rejected.body.fix_task_id);
      assert.is(fix.assigned_to, 'builder');
      assert.is(fix.payload.reason, 'the preview is broken');
    } finally {
      await api.close();
    }
  });
}

test.run();
