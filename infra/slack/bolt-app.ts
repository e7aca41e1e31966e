import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver, type Logger } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { NotificationSubject } from '../../domain/notification/index.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { actionIds, rejectModalCallbackId, rejectReasonActionId, rejectReasonBlockId, subjectOfButton, type Block } from '../../processes/slack/decision-messages.js';
import type { SlackAllowList } from '../../processes/slack/slack-caller.js';
import { notAllowed } from '../../processes/slack/slack-caller.js';
import { chatFromSlack } from '../../processes/slack/slack-chat.js';
import { decideFromSlack, openRejectModal, type ClickedMessage } from '../../processes/slack/slack-decisions.js';
import type { SlackPoster } from '../../processes/slack/slack-poster.js';
import { answerSlashCommand } from '../../processes/slack/slash-commands.js';
import type { SlackSettings } from './slack-settings.js';
import { webPoster } from './slack-web-poster.js';

export interface SlackAppLog {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface SlackApp {
  /** The Web API side: usable at once, whether or not the receiver has started. */
  readonly poster: SlackPoster;
  /** Starts the receiver (HTTP mode: resolves with `http://host:port/slack/events`; Socket Mode: once connected). */
  start(): Promise<{ eventsUrl?: string }>;
  stop(): Promise<void>;
}

export interface StartedSlackApp {
  readonly poster: SlackPoster;
  /** HTTP mode: where Bolt's receiver listens (`http://host:port/slack/events`). */
  readonly eventsUrl?: string;
  stop(): Promise<void>;
}

/** Bolt's log lines into the service's logger (pino), at Bolt's warn level and above. */
const boltLogger = (log: SlackAppLog): Logger => {
  let level = LogLevel.WARN;
  const line = (at: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => log[at]({ component: 'slack' }, msg.map(String).join(' '));
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error'), setLevel: (l) => (level = l), getLevel: () => level, setName: () => undefined };
};

/**
 * The Web API client's settings: Slack's base URL (SLACK_API_URL); a rate limit surfaces as an error carrying
 * `retryAfter` (the outbox waits exactly that long, then tries the same message again); a few quick retries for a
 * dropped connection, no more, since the outbox keeps trying a message until Slack takes it.
 */
export const webClientOptions = (apiUrl: string, logger: Logger): WebClientOptions => ({
  slackApiUrl: apiUrl,
  logger,
  rejectRateLimitedCalls: true,
  retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 },
  timeout: 10_000,
});

type ActionBody = {
  user: { id: string };
  trigger_id?: string;
  channel?: { id: string };
  container?: { channel_id?: string; message_ts?: string };
  message?: { ts: string; blocks?: Block[] };
  actions?: { action_id: string; value?: string }[];
};

const clickedMessage = (body: ActionBody): ClickedMessage | undefined => {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const ts = body.message?.ts ?? body.container?.message_ts;
  return channel && ts ? { channel, ts, ...(body.message?.blocks ? { blocks: body.message.blocks } : {}) } : undefined;
};

/**
 * The Bolt app inside `swarm up` (issue 19): `/swarm` commands, the decision buttons and the reject modal, and chat
 * (direct messages and mentions) — HTTP mode with Bolt's receiver (signature and timestamp checked by Bolt: 401
 * otherwise) or Socket Mode. Everything it does goes through the command services the CLI uses.
 */
export interface SlackAppDeps {
  readonly settings: Extract<SlackSettings, { mode: 'http' | 'socket' }>;
  readonly runtime: SwarmRuntime;
  readonly home: string;
  readonly allowList: SlackAllowList;
  readonly log: SlackAppLog;
}

export const createSlackApp = (deps: SlackAppDeps): SlackApp => {
  const { settings, runtime, allowList, log } = deps;
  const logger = boltLogger(log);
  const clientOptions = webClientOptions(settings.apiUrl, logger);
  const receiver =
    settings.mode === 'socket'
      ? new SocketModeReceiver({ appToken: settings.appToken!, logger, installerOptions: { clientOptions } })
      : new HTTPReceiver({ signingSecret: settings.signingSecret!, logger, endpoints: '/slack/events' });
  // One Web API client with the bot token, for everything the swarm sends. Bolt is given an `authorize` rather than the
  // token: with a token it calls auth.test at construction and an unreachable Slack becomes an unhandled rejection
  // that ends `swarm up`. Here the bot's identity is asked for when the first request arrives, kept once known, and
  // asked again after a failure.
  const client = new WebClient(settings.botToken, clientOptions);
  let identity: Promise<{ botId?: string; botUserId?: string }> | undefined;
  const authorize = async () => {
    identity ??= client.auth.test().then(
      (r) => ({ ...(r.bot_id ? { botId: r.bot_id } : {}), ...(r.user_id ? { botUserId: r.user_id } : {}) }),
      (e: unknown) => {
        identity = undefined;
        throw e;
      },
    );
    return { botToken: settings.botToken, ...(await identity) };
  };
  const app = new App({ authorize, receiver, logger, clientOptions });
  const poster = webPoster(client);
  const decisions = { runtime, poster, allowList };
  const tell = (channel: string | undefined, user: string, text: string) =>
    channel ? poster.postEphemeral({ channel, user, text }).catch((e: unknown) => log.warn({ err: String(e) }, 'Slack ephemeral reply failed')) : Promise.resolve();

  app.command('/swarm', async ({ command, ack }) => {
    const operator = allowList(command.user_id);
    const reply = await answerSlashCommand({ runtime, home: deps.home }, { slackUserId: command.user_id, ...(operator ? { operator } : {}) }, command.text ?? '').catch((e: unknown) => {
      log.error({ err: e instanceof Error ? e.message : String(e), text: command.text }, '/swarm failed');
      return { text: `❌ the swarm could not answer: ${e instanceof Error ? e.message : String(e)}`, public: false, ok: false };
    });
    await ack({ response_type: reply.public ? 'in_channel' : 'ephemeral', text: reply.text });
  });

  for (const decision of ['approve', 'defer'] as const) {
    app.action(actionIds[decision], async ({ ack, body }) => {
      await ack();
      const b = body as unknown as ActionBody;
      const subject = subjectOfButton(b.actions?.[0]?.value ?? '');
      const message = clickedMessage(b);
      if (!subject || !message) return;
      const answer = await decideFromSlack(decisions, { slackUserId: b.user.id, subject, decision, message });
      if (answer.kind === 'refused') await tell(message.channel, b.user.id, answer.message);
    });
  }

  app.action(actionIds.reject, async ({ ack, body }) => {
    await ack();
    const b = body as unknown as ActionBody;
    const subject = subjectOfButton(b.actions?.[0]?.value ?? '');
    const message = clickedMessage(b);
    if (!subject || !message || !b.trigger_id) return;
    const answer = await openRejectModal(decisions, { slackUserId: b.user.id, subject, triggerId: b.trigger_id, message });
    if (answer?.kind === 'refused') await tell(message.channel, b.user.id, answer.message);
  });

  app.view(rejectModalCallbackId, async ({ ack, view, body }) => {
    const meta = (() => {
      try {
        return JSON.parse(view.private_metadata) as { subject: NotificationSubject; channel: string; ts: string };
      } catch {
        return undefined;
      }
    })();
    const reason = view.state.values[rejectReasonBlockId]?.[rejectReasonActionId]?.value?.trim() ?? '';
    if (!meta) return ack({ response_action: 'errors', errors: { [rejectReasonBlockId]: 'this form is not one of the swarm’s' } });
    if (!reason) return ack({ response_action: 'errors', errors: { [rejectReasonBlockId]: 'give the reason: the agents act on it' } });
    const answer = await decideFromSlack(decisions, { slackUserId: body.user.id, subject: meta.subject, decision: 'reject', reason, message: { channel: meta.channel, ts: meta.ts } });
    if (answer.kind === 'refused') return ack({ response_action: 'errors', errors: { [rejectReasonBlockId]: answer.message.slice(0, 150) } });
    return ack();
  });

  const chat = async (m: { user?: string; text?: string; channel: string; ts: string; thread_ts?: string; bot_id?: string; subtype?: string }) => {
    if (!m.user || m.bot_id || (m.subtype && m.subtype !== 'thread_broadcast')) return;
    const operator = allowList(m.user);
    if (!operator) return tell(m.channel, m.user, notAllowed(m.user));
    const started = await chatFromSlack(runtime, { operator, slackUserId: m.user, text: m.text ?? '', channel: m.channel, ts: m.ts, ...(m.thread_ts ? { threadTs: m.thread_ts } : {}) });
    if (started._tag === 'Left') await tell(m.channel, m.user, `❌ ${started.left.message}`);
  };
  app.event('app_mention', async ({ event }) => chat(event as Parameters<typeof chat>[0]));
  app.message(async ({ message }) => {
    const m = message as Parameters<typeof chat>[0] & { channel_type?: string };
    // Channel messages reach the swarm only as mentions (app_mention); a direct message is always for it.
    if (m.channel_type === 'im') await chat(m);
  });
  app.error(async (e) => log.error({ err: e.message }, 'Slack handler failed'));

  let started = false;
  return {
    poster,
    start: async () => {
      if (settings.mode === 'socket') {
        await app.start();
        started = true;
        return {};
      }
      const server = (await app.start(settings.port)) as unknown as import('node:http').Server;
      started = true;
      const address = server.address() as AddressInfo;
      return { eventsUrl: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/slack/events` };
    },
    stop: async () => {
      if (started) await app.stop();
    },
  };
};

/** Creates the app and starts its receiver. */
export const startSlackApp = async (deps: SlackAppDeps): Promise<StartedSlackApp> => {
  const app = createSlackApp(deps);
  const { eventsUrl } = await app.start();
  return { poster: app.poster, ...(eventsUrl ? { eventsUrl } : {}), stop: () => app.stop() };
};
