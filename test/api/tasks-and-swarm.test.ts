import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sendMail } from '../../processes/commands/mail-commands.js';
import { castVote, createProposal } from '../../processes/commands/proposal-commands.js';
import { claimTask } from '../../processes/commands/task-commands.js';
import { decideProject, submitProject } from '../../processes/commands/project-commands.js';
import { eventsOfType, projectInput } from '../commands/gate-harness.js';
import { agent, human } from '../fixtures/test-runtime.js';
import { must, startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';

for (const store of storeCases) {
  test(`tasks: create addressed to an agent, list with stats, group by agent; a duplicate is 409 with its id (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const created = await api.post('/api/tasks', { type: 'research', priority: 7, payload: { title: 'Pricing study' }, to: 'hunter' });
      assert.is(created.status, 200, JSON.stringify(created.body));
      assert.is(created.body.status, 'created');
      const duplicate = await api.post('/api/tasks', { type: 'research', payload: { title: 'Pricing study' } });
      assert.is(duplicate.status, 409);
      assert.is(duplicate.body.details.existingTaskId, created.body.task_id);
      const listed = await api.get('/api/tasks?status=pending');
      assert.is(listed.body.tasks[0].id, created.body.task_id);
      assert.is(listed.body.tasks[0].created_by, 'admin');
      assert.is(listed.body.stats.by_status.pending, 1);
      must(await claimTask(api.rt, agent('hunter'), { agent: 'hunter' }));
      const byAgent = await api.get('/api/agent-tasks?agent=hunter');
      assert.is(byAgent.body.agents.hunter[0].status, 'claimed');
      assert.is(byAgent.body.summary.hunter.claimed, 1);
      assert.is((await api.get('/api/agent-tasks?status=closed')).body.summary.hunter, undefined);
    } finally {
      await api.close();
    }
  });

  test(`tasks: an evaluation of a taken idea is 409 naming its project, even with allow_duplicates; an operator's revive creates it, recorded (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const project = must(await submitProject(api.rt, agent('pm'), projectInput({ title: 'Dotenv Linter' })));
      must(await decideProject(api.rt, human(), { id: project.projectId, decision: 'approve' }));
      const body = { type: 'evaluate_idea', payload: { title: 'Dotenv Linter CLI' } };
      const refused = await api.post('/api/tasks', { ...body, allow_duplicates: true });
      assert.is(refused.status, 409, JSON.stringify(refused.body));
      assert.is(refused.body.details.existingProjectId, project.projectId);
      const noReason = await api.post('/api/tasks', { ...body, revive: ' ' });
      assert.is(noReason.status, 400, JSON.stringify(noReason.body));
      assert.is(noReason.body.field, 'revive');
      const revived = await api.post('/api/tasks', { ...body, revive: 'a second edition' });
      assert.is(revived.status, 200, JSON.stringify(revived.body));
      const created = (await eventsOfType(api.rt.log, 'TaskCreated')).find((e) => (e.data as { taskId: string }).taskId === revived.body.task_id);
      assert.equal((created!.data as { revived?: unknown }).revived, { reason: 'a second edition', by: 'admin', of: project.projectId, ofStatus: 'approved' });
    } finally {
      await api.close();
    }
  });

  test(`tasks: bad bodies and queries are 400 naming the field, and nothing is appended (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const cases: [unknown, string][] = [
        [{}, 'type'],
        [{ type: 'nope' }, 'type'],
        [{ type: 'research', priority: 11 }, 'priority'],
        [{ type: 'research', payload: 'text' }, 'payload'],
        [{ type: 'research', to: 'nobody' }, 'to'],
      ];
      for (const [body, field] of cases) {
        const r = await api.post('/api/tasks', body);
        assert.is(r.status, 400, JSON.stringify(body));
        assert.is(r.body.field, field, JSON.stringify(r.body));
        assert.match(r.body.error, new RegExp(field));
      }
      const badJson = await api.post('/api/tasks', undefined, { raw: '{"type":' });
      assert.is(badJson.status, 400);
      const badQuery = await api.get('/api/tasks?limit=many');
      assert.is(badQuery.status, 400);
      assert.is(badQuery.body.field, 'limit');
      assert.is((await api.get('/api/agent-tasks?status=sleeping')).body.field, 'status');
      assert.is(await api.rt.log.headPosition(), 0);
    } finally {
      await api.close();
    }
  });

  test(`agents: statuses for every role; an operator pauses and resumes one (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const statuses = await api.get('/api/agent-statuses');
      assert.is(statuses.body.agents.builder.status, 'offline');
      assert.is(statuses.body.simulated, true);
      const paused = await api.post('/api/agents/builder/pause', { reason: 'too many retries' });
      assert.is(paused.status, 200, JSON.stringify(paused.body));
      assert.is((await api.get('/api/agent-statuses')).body.agents.builder.paused, true);
      assert.is((await api.post('/api/agents/builder/pause', {})).body.field, 'reason');
      assert.is((await api.post('/api/agents/nobody/pause', { reason: 'x' })).status, 400);
      assert.is((await api.post('/api/agents/builder/resume', {})).status, 200);
      assert.is((await api.get('/api/agent-statuses')).body.agents.builder.paused, false);
    } finally {
      await api.close();
    }
  });

  test(`proposals: listed with live tallies; the operator votes once as a human (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const { proposalId } = must(await createProposal(api.rt, agent('meta'), { type: 'new_skill', title: 'Learn SVG', description: 'for icons' }));
      must(await castVote(api.rt, agent('critic'), { proposalId, vote: 'for' }));
      const listed = await api.get('/api/proposals?status=open');
      assert.equal([listed.body.proposals[0].tally.for, listed.body.proposals[0].tally.against], [1, 0]);
      const voted = await api.post(`/api/proposals/${proposalId}/vote`, { vote: 'against', comment: 'not now' });
      assert.is(voted.status, 200, JSON.stringify(voted.body));
      assert.equal([voted.body.tally.for, voted.body.tally.against], [1, 1]);
      assert.ok((await api.get('/api/proposals')).body.proposals[0].votes_against.includes('admin'));
      assert.is((await api.post(`/api/proposals/${proposalId}/vote`, { vote: 'for' })).status, 409);
      const bad = await api.post(`/api/proposals/${proposalId}/vote`, { vote: 'maybe' });
      assert.is(bad.status, 400);
      assert.is(bad.body.field, 'vote');
      assert.is((await api.get('/api/proposals?status=weird')).body.field, 'status');
    } finally {
      await api.close();
    }
  });

  test(`chat: a message becomes a human_chat post and a respond_to_human task for liaison at priority 10 (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const sent = await api.post('/api/chat', { message: 'What are you working on?' });
      assert.is(sent.status, 200, JSON.stringify(sent.body));
      assert.is(sent.body.success, true);
      const chat = await api.get('/api/chat');
      assert.equal(chat.body.map((p: any) => [p.id, p.author, p.content]), [[sent.body.post_id, 'admin', 'What are you working on?']]);
      const task = (await api.get('/api/tasks?type=respond_to_human')).body.tasks[0];
      assert.is(task.id, sent.body.task_id);
      assert.is(task.priority, 10);
      assert.is(task.assigned_to, 'liaison');
      assert.is(task.payload.post_id, sent.body.post_id);
      assert.is((await api.post('/api/chat', { message: '' })).body.field, 'message');
    } finally {
      await api.close();
    }
  });

  test(`directive: a directive task addressed to the agent named (liaison by default) and a post in the directive topic (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      const toBuilder = await api.post('/api/directive', { message: 'Finish the parser first', to: 'builder', priority: 9 });
      assert.is(toBuilder.status, 200, JSON.stringify(toBuilder.body));
      const byDefault = await api.post('/api/directive', { message: 'Summarise the week' });
      assert.is(byDefault.body.to, 'liaison');
      const tasks = (await api.get('/api/tasks?type=directive')).body.tasks;
      assert.equal(tasks.map((t: any) => t.assigned_to).sort(), ['builder', 'liaison']);
      const posts = (await api.get('/api/discussions?topic=directive')).body.discussions;
      assert.is(posts.length, 2);
      assert.is((await api.post('/api/directive', { message: 'x', to: 'nobody' })).body.field, 'to');
    } finally {
      await api.close();
    }
  });

  test(`messages and discussions: newest first, per agent or topic (${store.name})`, async () => {
    const api = await startApi({}, store);
    try {
      must(await sendMail(api.rt, agent('pm'), { to: 'builder', type: 'handoff', payload: { note: 'spec ready' } }));
      must(await sendMail(api.rt, agent('builder'), { to: 'tester', type: 'handoff', payload: { note: 'build ready' } }));
      const all = (await api.get('/api/messages')).body.messages;
      assert.equal(all.map((m: any) => m.to_agent), ['tester', 'builder']);
      const builder = (await api.get('/api/messages?agent_id=builder')).body.messages;
      assert.equal(builder.map((m: any) => m.from_agent), ['pm']);
      await api.post('/api/chat', { message: 'first' });
      await api.post('/api/chat', { message: 'second' });
      const posts = (await api.get('/api/discussions?limit=1')).body.discussions;
      assert.equal(posts.map((p: any) => p.content), ['second']);
    } finally {
      await api.close();
    }
  });
}

test.run();
