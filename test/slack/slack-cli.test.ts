// Slack at the command line: `swarm slack check` (auth.test; says what is wrong), `swarm operator add --slack`,
// and `swarm up` saying whether Slack is on and in which mode, its Bolt receiver answering signed requests.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { swarmHome, waitFor } from '../e2e/swarm-process.js';
import { startFakeSlack } from '../fakes/slack/fake-slack-api.js';
import { postToSlackApp, slashCommand } from '../fakes/slack/signed-request.js';
import { cli, freePort, noSlackEnv } from './async-cli.js';
import { eventually } from './slack-harness.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const noSlack = noSlackEnv();
test('swarm slack check verifies the tokens and says what is wrong', async () => {
  const slack = await startFakeSlack();
  const s = swarmHome(noSlack);
  try {
    const unset = await cli(s.env, ['slack', 'check']);
    assert.is(unset.code, 2);
    assert.match(unset.stderr, /Slack is off: not configured \(set SLACK_BOT_TOKEN/);
    const half = await cli(s.env, ['slack', 'check'], { SLACK_BOT_TOKEN: slack.botToken });
    assert.is(half.code, 2);
    assert.match(half.stderr, /neither SLACK_SIGNING_SECRET \(HTTP mode\) nor SLACK_APP_TOKEN/);

    const http = { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.url };
    const ok = await cli(s.env, ['slack', 'check', '--json'], http);
    assert.is(ok.code, 0, ok.stderr);
    assert.equal({ ...ok.json(), api_url: 'x' }, { ok: true, mode: 'http', api_url: 'x', team: 'Fake Team', bot_user: 'swarmbot', bot_user_id: 'UBOT', channel: 'swarm', events_url_path: '/slack/events', port: 3000 });
    assert.match((await cli(s.env, ['slack', 'check'], http)).stdout, /Slack token OK: bot swarmbot \(UBOT\) in Fake Team/);

    const wrong = await cli(s.env, ['slack', 'check'], { ...http, SLACK_BOT_TOKEN: 'xoxb-wrong' });
    assert.is(wrong.code, 1);
    assert.match(wrong.stderr, /SLACK_BOT_TOKEN: the token is not valid/);
    assert.not.ok(wrong.stderr.includes('xoxb-wrong'), 'the token is never printed');

    const socket = { SLACK_BOT_TOKEN: slack.botToken, SLACK_APP_TOKEN: slack.appToken, SLACK_API_URL: slack.url };
    const socketOk = await cli(s.env, ['slack', 'check'], socket);
    assert.is(socketOk.code, 0, socketOk.stderr);
    assert.match(socketOk.stdout, /Socket Mode: SLACK_APP_TOKEN accepted/);
    const badApp = await cli(s.env, ['slack', 'check'], { ...socket, SLACK_APP_TOKEN: 'xapp-wrong' });
    assert.is(badApp.code, 1);
    assert.match(badApp.stderr, /SLACK_APP_TOKEN: the token is not valid/);

    // The tokens through the secrets port: a .env file (kept out of every child's environment) serves as well.
    const envFile = join(s.home, 'slack.env');
    writeFileSync(envFile, `SLACK_BOT_TOKEN=${slack.botToken}\nSLACK_SIGNING_SECRET=from-the-file\n`);
    const fromFile = await cli(s.env, ['slack', 'check'], { SWARM_ENV_FILE: envFile, SLACK_API_URL: slack.url });
    assert.is(fromFile.code, 0, fromFile.stderr);
    assert.match(fromFile.stdout, /Slack token OK/);
    const badPort = await cli(s.env, ['slack', 'check'], { ...http, SLACK_PORT: 'eighty' });
    assert.is(badPort.code, 2);
    assert.match(badPort.stderr, /SLACK_PORT: expected a whole number/);
    const away = await cli(s.env, ['slack', 'check'], { ...http, SLACK_API_URL: `http://127.0.0.1:${await freePort()}/api/` });
    assert.is(away.code, 1);
    assert.match(away.stderr, /Slack could not be reached/);
  } finally {
    await s.cleanup();
    await slack.close();
  }
});

test('swarm operator add NAME --slack U… allow-lists a Slack user; a malformed id is refused', async () => {
  const s = swarmHome(noSlack);
  try {
    const bad = await cli(s.env, ['operator', 'add', 'carol', '--slack', 'carol']);
    assert.is(bad.code, 2);
    assert.match(bad.stderr, /--slack: expected a Slack user id such as U012AB3CD/);
    const added = await cli(s.env, ['operator', 'add', 'carol', '--slack', 'U0CAROL', '--json']);
    assert.is(added.code, 0, added.stderr);
    assert.is(added.json().slack_user_id, 'U0CAROL');
    assert.ok(added.json().token);
    const linked = await cli(s.env, ['operator', 'add', 'carol', '--slack', 'U0CAROL2', '--json']);
    assert.is(linked.code, 0, linked.stderr);
    assert.not.ok(linked.json().token, 'an existing operator gets the Slack id, not a new token');
    assert.equal((await cli(s.env, ['operator', 'list', '--json'])).json().operators.map((o: any) => [o.name, o.slackUserId]), [['carol', 'U0CAROL2']]);
  } finally {
    await s.cleanup();
  }
});

test('swarm up says Slack is off, or on and in which mode; its receiver takes signed /swarm requests', async () => {
  const slack = await startFakeSlack();
  const s = swarmHome(noSlack);
  try {
    const off = await s.up(['--no-agents', '--no-scheduler', '--no-dashboard']);
    assert.match(off.output(), /slack: {3}off — not configured/);
    await s.stop(off.child);

    assert.is((await cli(s.env, ['operator', 'add', 'carol', '--slack', 'U0CAROL'])).code, 0);
    // Or allow-listed in the config: a Slack user and the operator name decisions are recorded under.
    writeFileSync(join(s.home, 'config.json'), JSON.stringify({ slack: { allowedUsers: { U0DAVE: 'dave' } } }));
    const port = await freePort();
    const env = { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'signing-secret', SLACK_API_URL: slack.url, SLACK_PORT: String(port), SLACK_CHANNEL: 'C0SWARM' };
    Object.assign(s.env, env);
    const on = await s.up(['--no-agents', '--no-scheduler', '--no-dashboard']);
    assert.match(on.output(), new RegExp(`slack: {3}on, HTTP mode: Bolt's receiver at .*:${port}/slack/events, notifications to #C0SWARM`));
    const url = `http://127.0.0.1:${port}/slack/events`;
    const unsigned = await postToSlackApp(url, 'signing-secret', slashCommand({ text: 'status', user_id: 'U0CAROL' }), 'application/x-www-form-urlencoded', { sign: 'none' });
    assert.is(unsigned.status, 401);
    const tell = await postToSlackApp(url, 'signing-secret', slashCommand({ text: 'tell ship the invoice parser first', user_id: 'U0CAROL' }), 'application/x-www-form-urlencoded');
    assert.is(tell.status, 200, tell.text);
    assert.match(tell.json.text, /directive sent to the Liaison/);
    const dave = await postToSlackApp(url, 'signing-secret', slashCommand({ text: 'tell and the templates next', user_id: 'U0DAVE' }), 'application/x-www-form-urlencoded');
    assert.match(dave.json.text, /directive sent/);
    const stranger = await postToSlackApp(url, 'signing-secret', slashCommand({ text: 'tell nothing', user_id: 'U0EVE' }), 'application/x-www-form-urlencoded');
    assert.match(stranger.json.text, /not on this swarm's list of operators/);
    const tasks = (await cli(s.env, ['task', 'list', '--type', 'directive', '--json'])).json<{ tasks: { created_by: string; payload: { instruction: string } }[] }>().tasks;
    assert.equal(tasks.map((t) => [t.created_by, t.payload.instruction]).sort(), [['carol', 'ship the invoice parser first'], ['dave', 'and the templates next']]);
    await s.stop(on.child);

    const socketEnv = { SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: slack.appToken };
    Object.assign(s.env, socketEnv);
    const socket = await s.up(['--no-agents', '--no-scheduler', '--no-dashboard']);
    assert.match(socket.output(), /slack: {3}on, Socket Mode \(SLACK_APP_TOKEN\)/);
    await waitFor('the Socket Mode connection', () => slack.socketClients() > 0, 20_000);
    await s.stop(socket.child);
  } finally {
    await s.cleanup();
    await slack.close();
  }
});

test('swarm up starts while Slack is unreachable; the proposal waits and reaches Slack once it is back', async () => {
  const slack = await startFakeSlack();
  const s = swarmHome(noSlack);
  try {
    await slack.down();
    const submitted = await cli(
      s.env,
      ['submit-project', '-t', 'Invoice parser', '--hunter-pitch', 'Parse invoices offline', '--hunter-rating', '8', '--max-revenue', '5000', '--critic-evaluation', 'Solid',
        '--critic-rating', '7', '--cons', 'Crowded', '--differentiation', 'Offline', '--spec-path', 'specs/x.md', '--effort', '2 days'],
      { SWARM_AGENT: 'pm' },
      'claude-tasks',
    );
    assert.is(submitted.code, 0, submitted.stderr);
    Object.assign(s.env, { SLACK_BOT_TOKEN: slack.botToken, SLACK_SIGNING_SECRET: 'signing-secret', SLACK_API_URL: slack.url, SLACK_PORT: String(await freePort()), SLACK_CHANNEL: 'C0SWARM' });
    const up = await s.up(['--no-agents', '--no-scheduler', '--no-dashboard']);
    assert.match(up.output(), /slack: {3}on, HTTP mode/);
    await waitFor('the notification raised', () => s.cli('swarm', ['events', '--type', 'NotificationRaised']).stdout.includes('Project proposal: Invoice parser') || undefined, 90_000);
    assert.is(slack.messages.length, 0);
    await slack.up();
    const posted = await eventually('the proposal in Slack', () => slack.messages.find((m) => m.text.startsWith('Project proposal: Invoice parser')), 120_000);
    assert.is(posted.channel, 'C0SWARM');
    assert.is(up.child.exitCode, null, 'swarm up kept running');
    await s.stop(up.child);
    assert.is(slack.messages.length, 1);
  } finally {
    await s.cleanup();
    await slack.close();
  }
});

test.run();
