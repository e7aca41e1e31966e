import { randomUUID } from 'node:crypto';
import { openOperatorTokens } from '../../infra/auth/operator-tokens.js';
import type { SlackAppLog } from '../../infra/slack/bolt-app.js';
import { slackSettings, slackStartLine, type SlackEnv } from '../../infra/slack/slack-settings.js';
import { slackEnvWithSecrets } from '../../infra/slack/slack-secrets.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import type { ProcessManager } from '../../processes/engine/process-manager.js';
import { slackOutbox } from '../../processes/slack/slack-outbox.js';
import { badInput } from '../cli-failure.js';

export interface SlackStart {
  /** What `swarm up` prints after `slack:`. */
  readonly line: string;
  /** The outbox process manager, when Slack is on. */
  readonly managers: readonly ProcessManager[];
  stop(): Promise<void>;
}

const outboxCheckpoint = 'pm-slack-outbox';


/**
 * Slack inside `swarm up` (issue 19), when configured: the Bolt app (HTTP receiver or Socket Mode) and the outbox.
 * The first time Slack is on for a log, the outbox starts at the log's head: Slack gets what happens from then on,
 * never a backlog of old alerts.
 */
export const startSlack = async (o: {
  env: SlackEnv;
  runtime: SwarmRuntime;
  home: string;
  log: SlackAppLog;
  /** The config's `slack` settings: more allow-listed users, the channel when SLACK_CHANNEL is unset. */
  config?: { allowedUsers?: Readonly<Record<string, string>>; channel?: string };
}): Promise<SlackStart> => {
  const withSecrets = await slackEnvWithSecrets(o.env, o.log);
  if ('error' in withSecrets) throw badInput(withSecrets.error);
  const settings = slackSettings({ ...withSecrets.env, SLACK_CHANNEL: o.env.SLACK_CHANNEL?.trim() || o.config?.channel });
  if ('error' in settings) throw badInput(settings.error);
  if (settings.mode === 'off') return { line: slackStartLine(settings), managers: [], stop: async () => undefined };
  const tokens = openOperatorTokens(o.home);
  const fromConfig = o.config?.allowedUsers ?? {};
  const allowList = (slackUserId: string) =>
    tokens.operatorOfSlackUser(slackUserId) ?? (Object.hasOwn(fromConfig, slackUserId) ? fromConfig[slackUserId] : undefined) ?? settings.allowedUsers.get(slackUserId);
  const stopping = new AbortController();
  if ((await o.runtime.log.checkpoints.load(outboxCheckpoint)) === undefined) await o.runtime.log.checkpoints.save(outboxCheckpoint, await o.runtime.log.headPosition());
  // Bolt (with Express) is loaded only when Slack is on: it is a third of an unconfigured `swarm up`'s start-up.
  const { createSlackApp } = await import('../../infra/slack/bolt-app.js');
  const app = createSlackApp({ settings, runtime: o.runtime, home: o.home, allowList, log: o.log });
  let listening: { eventsUrl?: string } | undefined;
  let retry: NodeJS.Timeout | undefined;
  // The receiver may not start (Socket Mode needs Slack at start; the port may be taken): the swarm starts anyway,
  // notifications still go out through the Web API, and the receiver is tried again every 10 s.
  const listen = async (): Promise<void> => {
    try {
      listening = await app.start();
      if (retry) o.log.info({}, 'Slack app started');
    } catch (e) {
      if (stopping.signal.aborted) return;
      o.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'Slack receiver not started; trying again in 10 s');
      retry = setTimeout(() => void listen(), 10_000);
    }
  };
  await listen();
  const outbox = slackOutbox(app.poster, { channel: settings.channel, instance: `${process.pid}-${randomUUID().slice(0, 8)}`, signal: stopping.signal, log: o.log });
  return {
    line: slackStartLine(settings, listening?.eventsUrl?.replace(/\/slack\/events$/, '')) + (listening ? '' : ' (receiver not started yet: retrying every 10 s)'),
    managers: [outbox],
    stop: async () => {
      stopping.abort();
      clearTimeout(retry);
      await app.stop().catch(() => undefined);
    },
  };
};
