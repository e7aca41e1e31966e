// Issue D point 1: the original's routes answer "with the same paths and, where they make sense, the same payload
// shapes": its column names (snake_case rows) are in the answers beside ours, and /api/tasks's stats is {status: n}.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requestApproval } from '../../processes/commands/approval-commands.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { createTask } from '../../processes/commands/task-commands.js';
import { agent } from '../fixtures/test-runtime.js';
import { productInput, projectInput } from '../commands/gate-harness.js';
import { must, startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';

for (const store of storeCases) {
  test(`tasks, approvals, projects and agent statuses carry the original's fields (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      must(await createTask(api.rt, agent('pm'), { type: 'research', payload: { title: 'a' } }));
      must(await createTask(api.rt, agent('pm'), { type: 'research', payload: { title: 'b' } }));
      const tasks = await api.get('/api/tasks');
      assert.is(tasks.body.stats.pending, 2, 'stats{status: count} as DASH-17');
      assert.is(tasks.body.stats.by_status.pending, 2, 'and the queue totals (ORCH-14)');

      const { projectId } = must(await submitProject(api.rt, agent('pm'), projectInput()));
      const project = (await api.get('/api/projects')).body.projects[0];
      assert.equal([project.id, typeof project.hunter_pitch, typeof project.critic_rating, typeof project.combined_rating], [projectId, 'string', 'number', 'number']);
      assert.is(project.hunterPitch, project.hunter_pitch, 'ours beside');

      must(await requestApproval(api.rt, agent('tester'), productInput()));
      const approval = (await api.get('/api/approvals')).body.approvals[0];
      assert.equal([typeof approval.product_name, typeof approval.files_path, approval.status], ['string', 'string', 'pending']);
      assert.is(approval.productName, approval.product_name);

      const statuses = (await api.get('/api/agent-statuses')).body.agents;
      assert.equal(Object.keys(statuses.hunter).filter((k) => ['agent_id', 'status', 'current_task_id', 'last_heartbeat'].includes(k)).sort(), ['agent_id', 'current_task_id', 'last_heartbeat', 'status']);
    } finally {
      await api.close();
    }
  });
}

test.run();
