// `/swarm` through Bolt's real HTTP receiver: signed requests, the CLI's command services, ids by prefix,
// ephemeral replies, refusals that append nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { submitProject } from '../../processes/commands/project-commands.js';
import { createTask } from '../../processes/commands/task-commands.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { getProject } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { projectInput } from '../commands/gate-harness.js';
import { agent, human } from '../fixtures/test-runtime.js';
import { postToSlackApp, slashCommand } from '../fakes/slack/signed-request.js';
import { signingSecret, startSlackHarness } from './slack-harness.js';

const form = 'application/x-www-form-urlencoded';

test('unsigned, badly signed and stale requests get 401 and append nothing', async () => {
  const h = await startSlackHarness({ outbox: false });
  try {
    const submitted = await submitProject(h.rt, agent("pm"), projectInput());
    const projectId = submitted._tag === "Right" ? submitted.right.projectId : "";
    const head = await h.rt.log.headPosition();
    const body = slashCommand({ text: `approve ${String(projectId ?? '').slice(0, 8)}`, user_id: 'UALICE' });
    for (const sign of ['none', 'bad', 'stale'] as const) {
      const r = await postToSlackApp(h.eventsUrl, signingSecret, body, form, { sign });
      assert.is(r.status, 401, `${sign}: ${r.status} ${r.text}`);
    }
    assert.is(await h.rt.log.headPosition(), head, 'nothing appended');
  } finally {
    await h.stop();
  }
});

test('every /swarm command answers through the command services, ephemeral unless --public', async () => {
  const h = await startSlackHarness({ outbox: false });
  try {
    const submitted = await submitProject(h.rt, agent('pm'), projectInput());
    assert.ok(submitted._tag === 'Right');
    const projectId = submitted.right.projectId;
    const task = await createTask(h.rt, human('ana'), { type: 'research', priority: 5, payload: { title: 'Look at invoices' } });
    assert.ok(task._tag === 'Right');
    const taskId = task.right.taskId;
    const ask = async (text: string, user = 'UALICE') => {
      const r = await postToSlackApp(h.eventsUrl, signingSecret, slashCommand({ text, user_id: user }), form);
      assert.is(r.status, 200, `${text}: ${r.status} ${r.text}`);
      return r.json as { response_type: string; text: string };
    };
    const help = await ask('help');
    assert.is(help.response_type, 'ephemeral');
    for (const name of ['status', 'tasks', 'agents', 'approvals', 'projects', 'project', 'approve', 'reject', 'defer', 'cancel', 'priority', 'tell', 'logs', 'tokens', 'ask', 'help'])
      assert.ok(help.text.includes(`\`${name}`), `help names ${name}`);
    assert.match((await ask('status')).text, /Queue: 1 tasks/);
    assert.match((await ask('tasks')).text, new RegExp(`${taskId.slice(0, 18)} \\| P5 \\| research \\| any \\| Look at invoices`));
    assert.match((await ask('agents')).text, /hunter/);
    assert.match((await ask('approvals')).text, /1 project\(s\), 0 product\(s\)/);
    assert.match((await ask('projects')).text, /Invoice parser/);
    assert.match((await ask(`project ${projectId.slice(0, 8)}`)).text, /Works offline/);
    assert.match((await ask('tokens')).text, /Today/);
    assert.match((await ask('ask how is it going')).text, /agent\(s\) working/);
    assert.match((await ask('logs hunter')).text, /no runs yet/);
    const shown = await ask('status --public');
    assert.is(shown.response_type, 'in_channel');

    // Mutations, by unique prefix, under the operator's name.
    assert.match((await ask(`priority ${taskId.slice(0, 8)} 9`)).text, /priority 9/);
    assert.match((await ask(`cancel ${taskId.slice(0, 8)} not needed`)).text, /cancelled/);
    assert.match((await ask('tell focus on invoices')).text, /directive sent/);
    const approved = await ask(`approve ${projectId.slice(0, 8)} looks good`);
    assert.match(approved.text, /is approved \(by alice\); started build_product task/);
    const project = getProject(await freshReader(h.rt.log, h.rt.projections, approvalsProjection), projectId)!;
    assert.is(project.decidedBy, 'alice');
    assert.is(project.status, 'approved');
  } finally {
    await h.stop();
  }
});

test('bad input, unknown ids and users not allow-listed get a short ephemeral error and nothing is appended', async () => {
  const h = await startSlackHarness({ outbox: false });
  try {
    const submitted = await submitProject(h.rt, agent('pm'), projectInput());
    assert.ok(submitted._tag === 'Right');
    const id = submitted.right.projectId.slice(0, 8);
    const head = await h.rt.log.headPosition();
    const refusals: [string, string, RegExp][] = [
      ['UALICE', 'priority abc 5', /no task abc/],
      ['UALICE', `priority ${id}`, /priority: give the task id/],
      ['UALICE', 'reject ' + id, /give the reason/],
      ['UALICE', 'approve ffffffff', /no project or product approval ffffffff/],
      ['UALICE', 'projects nonsense', /projects: expected one of pending, approved, rejected, deferred/],
      ['UALICE', 'frobnicate', /unknown command "frobnicate"/],
      ['UALICE', 'logs nobody', /unknown agent "nobody"/],
      ['UMALLORY', `approve ${id}`, /not on this swarm's list of operators.*UMALLORY/],
    ];
    for (const [user, text, expected] of refusals) {
      const r = await postToSlackApp(h.eventsUrl, signingSecret, slashCommand({ text, user_id: user }), form);
      assert.is(r.status, 200);
      assert.is(r.json.response_type, 'ephemeral', text);
      assert.match(r.json.text, expected, `${text} → ${r.json.text}`);
      assert.ok(r.json.text.length < 300, 'short');
    }
    assert.is(await h.rt.log.headPosition(), head, 'nothing appended');
  } finally {
    await h.stop();
  }
});

test.run();
