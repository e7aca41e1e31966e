// Decisions from Slack: the proposal and the product approval are posted with buttons; pressing them (signed
// requests to Bolt's receiver) decides under the operator's name, the reject modal asks for the reason, the message
// shows who decided what, a second press is told "already decided by …", and a user not allow-listed decides nothing.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { requestApproval } from '../../processes/commands/approval-commands.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { getApproval, getProject } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { productInput, projectInput } from '../commands/gate-harness.js';
import { agent, human } from '../fixtures/test-runtime.js';
import { decideGateItem } from '../../processes/commands/gate-decisions.js';
import { buttonPress, modalSubmission, postToSlackApp } from '../fakes/slack/signed-request.js';
import { channel, eventsOfType, eventually, signingSecret, startSlackHarness, type SlackHarness } from './slack-harness.js';

const form = 'application/x-www-form-urlencoded';

/** The message once Slack has it and the outbox has recorded it (the record is the last thing it appends). */
const postedFor = async (h: SlackHarness, title: RegExp) => {
  const message = await eventually(`a Slack message matching ${title}`, () => h.slack.messages.find((m) => title.test(m.text)));
  await eventually('the post recorded', async () => (await eventsOfType(h.rt, 'SlackMessagePosted')).some((e) => (e.data as { ts: string }).ts === message.ts));
  return message;
};
const buttonsOf = (m: { blocks?: any[] }) => m.blocks!.find((b) => b.type === 'actions')!.elements as { action_id: string; value: string }[];
const press = (h: SlackHarness, user: string, m: { channel: string; ts: string; blocks?: any[] }, action: string) => {
  const button = buttonsOf(m).find((b) => b.action_id === action)!;
  return postToSlackApp(h.eventsUrl, signingSecret, buttonPress({ user_id: user, action_id: action, value: button.value, channel: m.channel, ts: m.ts, blocks: m.blocks! }), form);
};
const docs = (h: SlackHarness) => freshReader(h.rt.log, h.rt.projections, approvalsProjection);

test('a project proposal is posted once with Approve / Reject / Defer; Approve decides as the operator and the message says who', async () => {
  const h = await startSlackHarness();
  try {
    const submitted = await submitProject(h.rt, agent('pm'), projectInput());
    assert.ok(submitted._tag === 'Right');
    const projectId = submitted.right.projectId;
    const message = await postedFor(h, /Project proposal: Invoice parser/);
    assert.is(message.channel, channel);
    assert.equal(buttonsOf(message).map((b) => b.action_id), ['swarm_approve', 'swarm_reject', 'swarm_defer']);

    // Someone not on the list is told no; nothing is appended.
    const head = await h.rt.log.headPosition();
    assert.is((await press(h, 'UMALLORY', message, 'swarm_approve')).status, 200);
    const told = await eventually('the refusal to UMALLORY', () => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === 'UMALLORY'));
    assert.match(told.args.text, /not on this swarm's list of operators/);
    assert.is(await h.rt.log.headPosition(), head);
    assert.is(getProject(await docs(h), projectId)!.status, 'pending');

    assert.is((await press(h, 'UALICE', message, 'swarm_approve')).status, 200);
    const updated = await eventually('the message updated', () => h.slack.callsOf('chat.update').find((c) => c.args.ts === message.ts));
    assert.match(JSON.stringify(updated.args.blocks), /Approved\* by alice/);
    assert.not.ok(updated.args.blocks.some((b: any) => b.type === 'actions'), 'the buttons are gone');
    const project = getProject(await docs(h), projectId)!;
    assert.is(project.status, 'approved');
    assert.is(project.decidedBy, 'alice');

    // A second press (say, from a stale client) is answered from the log.
    h.allowed.set('UBOB', 'bob');
    await press(h, 'UBOB', message, 'swarm_reject');
    const again = await eventually('"already decided" to bob', () => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === 'UBOB'));
    assert.match(again.args.text, /^This was already decided by alice: approved/);
    assert.is(h.slack.callsOf('views.open').length, 0, 'no modal for a decided item');
    assert.is(h.slack.messages.filter((m) => /Project proposal/.test(m.text)).length, 1, 'posted once');
  } finally {
    await h.stop();
  }
});

test('Reject opens a modal; the reason given there rejects the product under the operator’s name', async () => {
  const h = await startSlackHarness();
  try {
    const requested = await requestApproval(h.rt, agent('tester'), productInput());
    assert.ok(requested._tag === 'Right');
    const approvalId = (requested.right as { approvalId: string }).approvalId;
    const message = await postedFor(h, /Ready for approval: Invoice Parser/);
    assert.equal(buttonsOf(message).map((b) => b.action_id), ['swarm_approve', 'swarm_reject'], 'no Defer for a product');

    const head = await h.rt.log.headPosition();
    await press(h, 'UALICE', message, 'swarm_reject');
    const opened = await eventually('the reject modal', () => h.slack.callsOf('views.open')[0]);
    assert.is(await h.rt.log.headPosition(), head, 'opening the modal decides nothing');
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: any[] };
    assert.is(view.callback_id, 'swarm_reject_reason');

    // An empty reason is refused inside the modal.
    const empty = await postToSlackApp(h.eventsUrl, signingSecret, modalSubmission({ user_id: 'UALICE', view, reason: '  ' }), form);
    assert.is(empty.status, 200);
    assert.is(empty.json.response_action, 'errors');
    assert.is(await h.rt.log.headPosition(), head);

    const submitted = await postToSlackApp(h.eventsUrl, signingSecret, modalSubmission({ user_id: 'UALICE', view, reason: 'The README has no screenshots' }), form);
    assert.is(submitted.status, 200, submitted.text);
    assert.not.ok(submitted.json?.response_action, submitted.text);
    const approval = getApproval(await docs(h), approvalId)!;
    assert.is(approval.status, 'rejected');
    assert.is(approval.decidedBy, 'alice');
    assert.is(approval.reviewerNotes, 'The README has no screenshots');
    const updated = await eventually('the message updated', () => h.slack.callsOf('chat.update').find((c) => c.args.ts === message.ts));
    assert.match(JSON.stringify(updated.args.blocks), /Rejected\* by alice: The README has no screenshots/);
  } finally {
    await h.stop();
  }
});

test('Defer keeps a project open for later; then it can still be approved', async () => {
  const h = await startSlackHarness();
  try {
    const submitted = await submitProject(h.rt, agent('pm'), projectInput());
    assert.ok(submitted._tag === 'Right');
    const message = await postedFor(h, /Project proposal/);
    await press(h, 'UALICE', message, 'swarm_defer');
    await eventually('deferred', async () => getProject(await docs(h), submitted.right.projectId)!.status === 'deferred');
    await press(h, 'UALICE', message, 'swarm_approve');
    await eventually('approved', async () => getProject(await docs(h), submitted.right.projectId)!.status === 'approved');
  } finally {
    await h.stop();
  }
});

test('a decision made at the CLI or the dashboard is shown on the Slack message too', async () => {
  const h = await startSlackHarness();
  try {
    const submitted = await submitProject(h.rt, agent('pm'), projectInput());
    assert.ok(submitted._tag === 'Right');
    const message = await postedFor(h, /Project proposal/);
    const decided = await decideGateItem(h.rt, human('carol'), { id: submitted.right.projectId.slice(0, 10), decision: 'reject', reason: 'Not this quarter' });
    assert.ok(decided._tag === 'Right');
    const updated = await eventually('the message updated', () => h.slack.callsOf('chat.update').find((c) => c.args.ts === message.ts));
    const shown = JSON.stringify(updated.args.blocks);
    assert.match(shown, /Rejected\* by carol: Not this quarter/);
    assert.match(shown, /Project proposal: Invoice parser/, 'the message keeps what it said');
    assert.not.ok(updated.args.blocks.some((b: any) => b.type === 'actions'));
    // A press on it now is answered from the log.
    await press(h, 'UALICE', message, 'swarm_approve');
    const told = await eventually('already decided', () => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === 'UALICE'));
    assert.match(told.args.text, /^This was already decided by carol: rejected \(Not this quarter\)/);
  } finally {
    await h.stop();
  }
});

test.run();
