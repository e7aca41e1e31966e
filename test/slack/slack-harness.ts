// The Slack app on a real SQLite log, in this process: Bolt's real HTTP receiver (or Socket Mode) and the real Web
// API client against the fake Slack, the notifications and the outbox as process managers.
import { startSlackApp, type StartedSlackApp } from '../../infra/slack/bolt-app.js';
import { slackSettings } from '../../infra/slack/slack-settings.js';
import { runProcessManagers } from '../../processes/engine/run-process-managers.js';
import { notificationsProcess } from '../../processes/notifications/notifications-process.js';
import { slackOutbox } from '../../processes/slack/slack-outbox.js';
import { createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';
import { startFakeSlack, type FakeSlack } from '../fakes/slack/fake-slack-api.js';

export const signingSecret = 'test-signing-secret';
export const channel = 'C0SWARM';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface SlackHarness {
  readonly rt: TestRuntime;
  readonly slack: FakeSlack;
  readonly app: StartedSlackApp;
  readonly eventsUrl: string;
  readonly allowed: Map<string, string>;
  stop(): Promise<void>;
}

export const startSlackHarness = async (o: { mode?: 'http' | 'socket'; outbox?: boolean; rt?: TestRuntime; slack?: FakeSlack } = {}): Promise<SlackHarness> => {
  const rt = o.rt ?? createTestRuntime();
  const slack = o.slack ?? (await startFakeSlack());
  const settings = slackSettings({
    SLACK_BOT_TOKEN: slack.botToken,
    ...(o.mode === 'socket' ? { SLACK_APP_TOKEN: slack.appToken } : { SLACK_SIGNING_SECRET: signingSecret }),
    SLACK_API_URL: slack.url,
    SLACK_PORT: '0',
    SLACK_CHANNEL: channel,
  });
  if ('error' in settings || settings.mode === 'off') throw new Error(`bad settings: ${JSON.stringify(settings)}`);
  const allowed = new Map([['UALICE', 'alice']]);
  const app = await startSlackApp({ settings, runtime: rt, home: rt.dir, allowList: (id) => allowed.get(id), log: quiet });
  const stopping = new AbortController();
  const managers = o.outbox === false
    ? undefined
    : runProcessManagers(rt, [notificationsProcess({ notify: async () => undefined }), slackOutbox(app.poster, { channel, instance: 'test-1', signal: stopping.signal, maxRetryDelayMs: 500 })]);
  const port = app.eventsUrl ? new URL(app.eventsUrl.replace('[::]', '127.0.0.1')).port : '';
  return {
    rt,
    slack,
    app,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    allowed,
    stop: async () => {
      stopping.abort();
      await managers?.close();
      await app.stop();
      if (!o.slack) await slack.close();
      if (!o.rt) await rt.dispose();
    },
  };
};

/** Polls until `probe` gives a value, or fails after `ms` (never a fixed sleep as the assertion). */
export const eventually = async <T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 20_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/** Every event of the log of these types, in order. */
export const eventsOfType = async (rt: TestRuntime, ...types: string[]) => {
  const found = [];
  for await (const e of rt.log.readAll()) if (types.includes(e.type)) found.push(e);
  return found;
};
