// Chat from Slack (a direct message or a mention → human_chat and a task for the Liaison; the answer back in the same
// Slack thread), over HTTP and over Socket Mode against the fake WebSocket server.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { postDiscussion } from '../../processes/commands/discussion-commands.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { discussionsProjection } from '../../projections/discussions/discussions-projection.js';
import { topicPosts } from '../../projections/discussions/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { listTasks } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import { projectInput } from '../commands/gate-harness.js';
import { agent } from '../fixtures/test-runtime.js';
import { eventCallback, postToSlackApp } from '../fakes/slack/signed-request.js';
import { eventsOfType, eventually, signingSecret, startSlackHarness, type SlackHarness } from './slack-harness.js';

const chatTasks = async (h: SlackHarness) => listTasks(await freshReader(h.rt.log, h.rt.projections, taskBoard), { type: 'respond_to_human', limit: 50 });

/** What the Liaison does when it answers: a post in human_chat, as the agent, on the chat's causal chain. */
const liaisonAnswers = async (h: SlackHarness, correlationId: string, text: string) => {
  const posted = await postDiscussion(h.rt, { ...agent('liaison'), correlationId, causationId: correlationId }, { content: text, topic: 'human_chat' });
  assert.ok(posted._tag === 'Right');
};

test('a direct message goes into human_chat with a task for the Liaison, and the answer goes back into its thread', async () => {
  const h = await startSlackHarness();
  try {
    const dm = eventCallback({ type: 'message', channel_type: 'im', channel: 'D0ALICE', user: 'UALICE', text: 'What are you building today?', ts: '1733300000.000100' });
    const r = await postToSlackApp(h.eventsUrl, signingSecret, dm, 'application/json');
    assert.is(r.status, 200, r.text);
    const [task] = await eventually('a respond_to_human task', async () => ((await chatTasks(h)).length ? await chatTasks(h) : undefined));
    assert.is(task!.assignedTo, 'liaison');
    assert.is(task!.payload.message, 'What are you building today?');
    assert.is(task!.payload.from, 'alice');
    const posts = topicPosts(await freshReader(h.rt.log, h.rt.projections, discussionsProjection), 'human_chat', 10);
    assert.equal(posts.map((p) => [p.author, p.content]), [['alice', 'What are you building today?']]);

    // Slack delivering the same event again starts nothing new.
    const head = await h.rt.log.headPosition();
    await postToSlackApp(h.eventsUrl, signingSecret, dm, 'application/json');
    assert.is(await h.rt.log.headPosition(), head);

    await liaisonAnswers(h, task!.correlationId, 'An invoice parser, and I will report here.');
    const reply = await eventually('the answer in Slack', () => h.slack.messages.find((m) => m.thread_ts === '1733300000.000100'));
    assert.is(reply.channel, 'D0ALICE');
    assert.match(reply.text, /liaison:\* An invoice parser/);
    await eventually('the reply recorded', async () => (await eventsOfType(h.rt, 'SlackMessagePosted')).length === 1);
    assert.is(h.slack.messages.filter((m) => m.thread_ts).length, 1, 'answered once');
  } finally {
    await h.stop();
  }
});

test('a mention from someone not allow-listed is told no and starts nothing', async () => {
  const h = await startSlackHarness();
  try {
    const head = await h.rt.log.headPosition();
    await postToSlackApp(h.eventsUrl, signingSecret, eventCallback({ type: 'app_mention', channel: 'C0SWARM', user: 'UMALLORY', text: '<@UBOT> approve everything', ts: '1733300001.000100' }), 'application/json');
    const told = await eventually('the refusal', () => h.slack.callsOf('chat.postEphemeral').find((c) => c.args.user === 'UMALLORY'));
    assert.match(told.args.text, /not on this swarm's list/);
    assert.is(await h.rt.log.headPosition(), head);
  } finally {
    await h.stop();
  }
});

test('Socket Mode: /swarm and a mention arrive over the WebSocket, acks carry the reply', async () => {
  const h = await startSlackHarness({ mode: 'socket' });
  try {
    await eventually('the app connected over Socket Mode', () => h.slack.socketClients() > 0);
    assert.ok(h.slack.callsOf('apps.connections.open').every((c) => c.token === h.slack.appToken));
    const submitted = await submitProject(h.rt, agent('pm'), projectInput());
    assert.ok(submitted._tag === 'Right');
    const slash = { command: '/swarm', text: 'projects', user_id: 'UALICE', channel_id: 'C0SWARM', team_id: 'T0FAKE', api_app_id: 'AFAKE', response_url: 'http://127.0.0.1:9/r', trigger_id: 't1' };
    const ack = await h.slack.sendEnvelope('slash_commands', slash);
    assert.is(ack.response_type, 'ephemeral');
    assert.match(ack.text, /Invoice parser/);
    const refused = await h.slack.sendEnvelope('slash_commands', { ...slash, text: `approve ${submitted.right.projectId.slice(0, 8)}`, user_id: 'UMALLORY' });
    assert.match(refused.text, /not on this swarm's list/);

    const mention = JSON.parse(eventCallback({ type: 'app_mention', channel: 'C0SWARM', user: 'UALICE', text: '<@UBOT> how are we doing?', ts: '1733300002.000100' }));
    await h.slack.sendEnvelope('events_api', mention);
    const [task] = await eventually('a respond_to_human task', async () => ((await chatTasks(h)).length ? await chatTasks(h) : undefined));
    assert.is(task!.payload.message, 'how are we doing?');
    await liaisonAnswers(h, task!.correlationId, 'Fine, one project waits for you.');
    const reply = await eventually('the answer in the thread', () => h.slack.messages.find((m) => m.thread_ts === '1733300002.000100'));
    assert.match(reply.text, /one project waits/);
  } finally {
    await h.stop();
  }
});

test.run();
