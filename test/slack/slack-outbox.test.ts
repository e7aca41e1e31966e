// The outbox: each notification reaches Slack once — with two instances on one log, across restarts and after a
// crash between sending and recording — Slack's 429 Retry-After is waited out, and while Slack is unreachable the
// notifications wait and then go out in order. Real @slack/web-api client, fake Slack Web API.
import { WebClient } from '@slack/web-api';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { slackDecider, slackPostStream } from '../../domain/slack/index.js';
import { webClientOptions } from '../../infra/slack/bolt-app.js';
import { webPoster } from '../../infra/slack/slack-web-poster.js';
import { handleCommand } from '../../processes/commands/handle-command.js';
import { runProcessManagers } from '../../processes/engine/run-process-managers.js';
import { raiseNotification } from '../../processes/notifications/raise-notification.js';
import { slackActor, slackOutbox } from '../../processes/slack/slack-outbox.js';
import { createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack-api.js';
import { eventsOfType, eventually } from './slack-harness.js';

const channel = 'C0SWARM';
const quietBolt = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, setLevel: () => undefined, getLevel: () => 'warn' as never, setName: () => undefined };

const posterFor = (slack: FakeSlack) => webPoster(new WebClient(slack.botToken, webClientOptions(slack.url, quietBolt)));

const startOutbox = (rt: TestRuntime, slack: FakeSlack, instance: string, log?: { warn(f: Record<string, unknown>, m: string): void }) => {
  const stopping = new AbortController();
  const managers = runProcessManagers(rt, [slackOutbox(posterFor(slack), { channel, instance, signal: stopping.signal, maxRetryDelayMs: 300, ...(log ? { log } : {}) })]);
  return {
    stop: async () => {
      stopping.abort();
      await managers.close();
      await managers.done;
    },
  };
};

const raise = async (rt: TestRuntime, n: number) => {
  const raised = await raiseNotification(rt, { notify: async () => undefined }, {
    notificationId: `n-${n}`,
    notification: { kind: 'task_failed', title: `Task failed: number ${n}`, text: `failure ${n}` },
    origin: { correlationId: `c-${n}`, causationId: `c-${n}` },
  });
  assert.ok(raised._tag === 'Right' && raised.right.raised);
};

const postedTitles = (slack: FakeSlack) => slack.callsOf('chat.postMessage').map((c) => String(c.args.text).split('\n')[0]);

test('two instances on one log, and a restart of both, post each notification exactly once', async () => {
  const rt = createTestRuntime();
  const slack = await startFakeSlack();
  try {
    let a = startOutbox(rt, slack, 'instance-a');
    let b = startOutbox(rt, slack, 'instance-b');
    for (let n = 1; n <= 6; n++) await raise(rt, n);
    await eventually('six posts recorded', async () => (await eventsOfType(rt, 'SlackMessagePosted')).length === 6);
    await Promise.all([a.stop(), b.stop()]);
    a = startOutbox(rt, slack, 'instance-a2');
    b = startOutbox(rt, slack, 'instance-b2');
    for (let n = 7; n <= 9; n++) await raise(rt, n);
    await eventually('nine posts recorded', async () => (await eventsOfType(rt, 'SlackMessagePosted')).length === 9);
    await Promise.all([a.stop(), b.stop()]);
    const titles = postedTitles(slack);
    assert.is(titles.length, 9, titles.join(' | '));
    assert.is(new Set(titles).size, 9, 'no notification twice');
    const claims = await eventsOfType(rt, 'SlackPostClaimed');
    assert.ok(claims.length >= 9);
  } finally {
    await slack.close();
    await rt.dispose();
  }
});

test("Slack's 429 Retry-After is waited out before the same message is sent again", async () => {
  const rt = createTestRuntime();
  const slack = await startFakeSlack();
  const outbox = startOutbox(rt, slack, 'only');
  try {
    slack.rateLimit(1, 2);
    await raise(rt, 1);
    await eventually('the post recorded', async () => (await eventsOfType(rt, 'SlackMessagePosted')).length === 1);
    const limited = slack.callsOf('chat.postMessage#429');
    const sent = slack.callsOf('chat.postMessage');
    assert.is(limited.length, 1);
    assert.is(sent.length, 1);
    assert.ok(sent[0]!.at - limited[0]!.at >= 1_950, `waited ${sent[0]!.at - limited[0]!.at} ms for Retry-After: 2`);
  } finally {
    await outbox.stop();
    await slack.close();
    await rt.dispose();
  }
});

test('while Slack is unreachable notifications wait; when it is back they go out once each, in order', async () => {
  const rt = createTestRuntime();
  const slack = await startFakeSlack();
  const failures: string[] = [];
  const outbox = startOutbox(rt, slack, 'only', { warn: (f) => failures.push(String(f.key)) });
  try {
    await raise(rt, 1);
    await eventually('the first posted', async () => (await eventsOfType(rt, 'SlackMessagePosted')).length === 1);
    await slack.down();
    for (let n = 2; n <= 5; n++) await raise(rt, n);
    await eventually('several failed tries', () => failures.length >= 3);
    assert.is((await eventsOfType(rt, 'SlackMessagePosted')).length, 1, 'nothing recorded while Slack is away');
    await slack.up();
    await eventually('all five posted', async () => (await eventsOfType(rt, 'SlackMessagePosted')).length === 5, 30_000);
    assert.equal(postedTitles(slack), [1, 2, 3, 4, 5].map((n) => `Task failed: number ${n}`));
    // Trying again and again does not fill the log: the claim is renewed only past half its 60 s lease.
    assert.ok((await eventsOfType(rt, 'SlackPostClaimed')).length <= 5 + 2, `${(await eventsOfType(rt, 'SlackPostClaimed')).length} claims for 5 posts`);
  } finally {
    await outbox.stop();
    await slack.close();
    await rt.dispose();
  }
});

test('a post a crashed instance sent but never recorded is found in the channel, not sent again', async () => {
  const rt = createTestRuntime();
  const slack = await startFakeSlack();
  try {
    await raise(rt, 1);
    const key = 'notification:n-1';
    // The crashed instance: claimed (for one second), sent, and died before recording.
    const claimed = await handleCommand(rt, slackDecider, slackPostStream(key), { type: 'ClaimSlackPost', key, instance: 'crashed', leaseSeconds: 1 }, { now: rt.now(), actor: slackActor }, { correlationId: 'c', causationId: 'c' });
    assert.ok(claimed._tag === 'Right');
    await posterFor(slack).post({ channel, key, text: 'Task failed: number 1\nfailure 1' });
    const outbox = startOutbox(rt, slack, 'survivor');
    try {
      const recorded = await eventually('the post recorded by the survivor', async () => (await eventsOfType(rt, 'SlackMessagePosted'))[0]);
      assert.equal(recorded.data, { key, channel, ts: slack.messages[0]!.ts, found: true });
      assert.is(slack.callsOf('chat.postMessage').length, 1, 'sent once');
      assert.ok(slack.callsOf('conversations.history').length >= 1, 'looked it up');
    } finally {
      await outbox.stop();
    }
  } finally {
    await slack.close();
    await rt.dispose();
  }
});

test("what agents wrote is shown, not obeyed: Slack's control sequences in a notification are escaped", async () => {
  const rt = createTestRuntime();
  const slack = await startFakeSlack();
  const outbox = startOutbox(rt, slack, 'only');
  try {
    const raised = await raiseNotification(rt, { notify: async () => undefined }, {
      notificationId: 'n-hostile',
      notification: { kind: 'task_failed', title: 'Task failed: <!channel>', text: 'reason: <!here> see <https://evil.example|your bank> & more' },
      origin: { correlationId: 'c', causationId: 'c' },
    });
    assert.ok(raised._tag === 'Right');
    const sent = await eventually('the post', () => slack.callsOf('chat.postMessage')[0]);
    // Slack parses mentions and links in the fallback text and in mrkdwn; a plain_text header shows them as written.
    const parsed = JSON.stringify([sent.args.text, ...(sent.args.blocks as { text?: { type: string } }[]).filter((b) => b.text?.type === 'mrkdwn')]);
    assert.not.ok(/<!channel>|<!here>|<https:/.test(parsed), parsed);
    assert.equal((sent.args.blocks as { type: string; text: { type: string } }[])[0]!.text.type, 'plain_text');
    assert.match(String(sent.args.text), /&lt;!here&gt; see &lt;https:\/\/evil\.example\|your bank&gt; &amp; more/);
  } finally {
    await outbox.stop();
    await slack.close();
    await rt.dispose();
  }
});

test.run();
