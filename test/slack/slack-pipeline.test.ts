// End to end with Slack: the offline swarm (`swarm up` with the simulated agents, two instances on one log) from a
// Hunter scan to a published product, both human decisions made by pressing the buttons in the messages Slack got
// — the project approved, the first product rejected with a reason through the modal, the fixed one approved — and
// a direct message answered by the Liaison in its Slack thread. Each notification reaches Slack once.
import { spawnSync } from 'node:child_process';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome } from '../e2e/swarm-process.js';
import { startFakeSlack, type FakeSlack, type StoredMessage } from '../fakes/slack/fake-slack-api.js';
import { buttonPress, eventCallback, modalSubmission, postToSlackApp } from '../fakes/slack/signed-request.js';
import { cli, freePort, noSlackEnv } from './async-cli.js';
import { eventually } from './slack-harness.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const secret = 'e2e-signing-secret';
const form = 'application/x-www-form-urlencoded';

const message = (slack: FakeSlack, title: RegExp, not: readonly string[] = []) =>
  eventually(`a Slack message ${title}`, () => slack.messages.find((m) => title.test(m.text) && !not.includes(m.ts)), 120_000);
const press = (url: string, user: string, m: StoredMessage, action: string) => {
  const button = (m.blocks!.find((b) => b.type === 'actions')!.elements as { action_id: string; value: string }[]).find((b) => b.action_id === action)!;
  return postToSlackApp(url, secret, buttonPress({ user_id: user, action_id: action, value: button.value, channel: m.channel, ts: m.ts, blocks: m.blocks! }), form);
};
const updateOf = (slack: FakeSlack, m: StoredMessage) => eventually('the message updated', () => slack.callsOf('chat.update').find((c) => c.args.ts === m.ts), 30_000);

test('idea → human approves by button → build → test/fix → human rejects in the modal → fix → approves by button → published; chat answered in its thread', async () => {
  const slack = await startFakeSlack();
  const s = swarmHome(noSlackEnv());
  try {
    assert.is((await cli(s.env, ['operator', 'add', 'alice', '--slack', 'UALICE'])).code, 0);
    const [port1, port2] = [await freePort(), await freePort()];
    Object.assign(s.env, { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: secret, SLACK_API_URL: slack.url, SLACK_CHANNEL: 'C0SWARM', SLACK_PORT: String(port1) });
    const first = await s.up(['--no-scheduler']);
    assert.match(first.output(), /slack: {3}on, HTTP mode/);
    s.env.SLACK_PORT = String(port2);
    const second = await s.up(['--no-scheduler', '--no-agents']);
    const [url1, url2] = [`http://127.0.0.1:${port1}/slack/events`, `http://127.0.0.1:${port2}/slack/events`];

    const scan = await cli(s.env, ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', '{"platform":"itch"}', '--json']);
    assert.is(scan.code, 0, scan.stderr);

    // Gate 1: the proposal, with its buttons; a stranger's press does nothing; Alice approves.
    const proposal = await message(slack, /^Project proposal: /);
    assert.equal(proposal.blocks!.find((b) => b.type === 'actions')!.elements.map((e: { action_id: string }) => e.action_id), ['swarm_approve', 'swarm_reject', 'swarm_defer']);
    await press(url2, 'UMALLORY', proposal, 'swarm_approve');
    await eventually('the stranger told no', () => slack.callsOf('chat.postEphemeral').find((c) => c.args.user === 'UMALLORY'));
    assert.equal((await cli(s.env, ['projects', '--json'])).json<{ projects: { status: string }[] }>().projects.map((p) => p.status), ['pending']);
    assert.is((await press(url1, 'UALICE', proposal, 'swarm_approve')).status, 200);
    assert.match(JSON.stringify((await updateOf(slack, proposal)).args.blocks), /Approved\* by alice/);

    // Gate 2, first time: the product is rejected with a reason, given in the modal.
    const product = await message(slack, /^Ready for approval: /);
    await press(url2, 'UALICE', product, 'swarm_reject');
    const modal = await eventually('the reject modal', () => slack.callsOf('views.open')[0], 30_000);
    const submitted = await postToSlackApp(url1, secret, modalSubmission({ user_id: 'UALICE', view: modal.args.view, reason: 'The README lacks install steps' }), form);
    assert.is(submitted.status, 200, submitted.text);
    assert.match(JSON.stringify((await updateOf(slack, product)).args.blocks), /Rejected\* by alice: The README lacks install steps/);

    // The Builder fixes it; gate 2 again: approved by button, then published.
    const fixed = await message(slack, /^Ready for approval: /, [product.ts]);
    await press(url1, 'UALICE', fixed, 'swarm_approve');
    await updateOf(slack, fixed);
    const published = await eventually(
      'the product published',
      async () => (await cli(s.env, ['approvals', '--status', 'all', '--json'])).json<{ products: { id: string; status: string; decidedBy?: string; reviewerNotes?: string }[] }>().products.find((p) => p.status === 'published'),
      120_000,
    );
    assert.is(published.decidedBy, 'alice');
    const all = (await cli(s.env, ['approvals', '--status', 'all', '--json'])).json<{ projects: { decidedBy?: string }[]; products: { status: string; decidedBy?: string; reviewerNotes?: string }[] }>();
    assert.equal(all.projects.map((p) => p.decidedBy), ['alice']);
    assert.ok(all.products.some((p) => p.status === 'rejected' && p.decidedBy === 'alice' && p.reviewerNotes === 'The README lacks install steps'));

    // Chat: a direct message reaches the Liaison, whose answer comes back in the same Slack thread.
    const dm = eventCallback({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'UALICE', text: 'What did you ship?', ts: '1733400000.000100' });
    assert.is((await postToSlackApp(url2, secret, dm, 'application/json')).status, 200);
    const answer = await eventually('the Liaison in the thread', () => slack.messages.find((m) => m.thread_ts === '1733400000.000100'), 120_000);
    assert.match(answer.text, /liaison.*You said: "What did you ship\?"/);

    await s.stop(second.child);
    await s.stop(first.child);
    // Exactly once, with two instances on the log: one message per notification.
    const titles = slack.messages.filter((m) => !m.thread_ts).map((m) => m.text.split('\n')[0]!);
    assert.is(titles.filter((t) => t.startsWith('Project proposal')).length, 1, titles.join(' | '));
    assert.is(titles.filter((t) => t.startsWith('Ready for approval')).length, 2, titles.join(' | '));
    const keys = slack.messages.map((m) => m.metadata?.event_payload.key);
    assert.is(new Set(keys).size, keys.length, 'no key posted twice');
    assert.is(slack.messages.filter((m) => m.thread_ts === '1733400000.000100').length, 1, 'one answer');
  } finally {
    await s.cleanup();
    await slack.close();
  }
});

test.run();
