// The receiver started again after a failed start (what `swarm up` does every 10 s): Socket Mode while Slack was
// unreachable, HTTP mode while SLACK_PORT was taken. The same app then takes requests.
import { createServer } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSlackApp } from '../../infra/slack/bolt-app.js';
import { slackSettings } from '../../infra/slack/slack-settings.js';
import { createTestRuntime } from '../fixtures/test-runtime.js';
import { startFakeSlack } from '../fakes/slack/fake-slack-api.js';
import { postToSlackApp, slashCommand } from '../fakes/slack/signed-request.js';
import { freePort } from './async-cli.js';
import { eventually } from './slack-harness.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

test('Socket Mode: a start while Slack is unreachable fails; the next one connects and answers', async () => {
  const slack = await startFakeSlack();
  const rt = createTestRuntime();
  await slack.down();
  const settings = slackSettings({ SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.url });
  if ('error' in settings || settings.mode === 'off') throw new Error('settings');
  const app = createSlackApp({ settings, runtime: rt, home: rt.dir, allowList: () => 'alice', log: quiet });
  try {
    let failed = false;
    await app.start().catch(() => (failed = true));
    assert.ok(failed, 'the first start fails');
    await slack.up();
    await app.start();
    await eventually('connected', () => slack.socketClients() > 0);
    const ack = await slack.sendEnvelope('slash_commands', { command: '/swarm', text: 'help', user_id: 'UALICE', channel_id: 'C1', team_id: 'T', api_app_id: 'A', response_url: 'http://127.0.0.1:9/r', trigger_id: 't' });
    assert.match(ack.text, /\/swarm\* commands/);
  } finally {
    await app.stop();
    await slack.close();
    await rt.dispose();
  }
});

test('HTTP mode: a start while SLACK_PORT is taken fails; the next one listens and verifies signatures', async () => {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(port, r));
  const rt = createTestRuntime();
  const settings = slackSettings({ SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'secret', SLACK_PORT: String(port), SLACK_API_URL: 'http://127.0.0.1:9/api/' });
  if ('error' in settings || settings.mode === 'off') throw new Error('settings');
  const app = createSlackApp({ settings, runtime: rt, home: rt.dir, allowList: () => undefined, log: quiet });
  try {
    let failed = false;
    await app.start().catch(() => (failed = true));
    assert.ok(failed, 'the first start fails');
    await new Promise<void>((r) => blocker.close(() => r()));
    const { eventsUrl } = await app.start();
    assert.match(eventsUrl!, new RegExp(`:${port}/slack/events$`));
    const r = await postToSlackApp(`http://127.0.0.1:${port}/slack/events`, 'secret', slashCommand({ text: 'help', user_id: 'U1' }), 'application/x-www-form-urlencoded', { sign: 'bad' });
    assert.is(r.status, 401);
  } finally {
    await app.stop();
    await rt.dispose();
  }
});

test.run();
