/**
 * Slack's settings, from the environment as Slack's own tools name them (SPEC §7.4): HTTP mode needs the bot token
 * and the signing secret, Socket Mode the bot token and an app-level token. Anything else is "off", with the reason.
 */
export type SlackSettings =
  | { readonly mode: 'off'; readonly why: string }
  | {
      readonly mode: 'http' | 'socket';
      readonly botToken: string;
      readonly signingSecret?: string;
      readonly appToken?: string;
      /** HTTP mode: the port of Bolt's receiver (`/slack/events`). */
      readonly port: number;
      /** The Web API base URL, ending in `/` (Slack's own unless SLACK_API_URL says otherwise). */
      readonly apiUrl: string;
      /** Where notifications and decision messages go (SLACK_CHANNEL, a channel id or name). */
      readonly channel: string;
      /** Allow-listed Slack users from the environment (`U1=alice,U2=bob`), besides `swarm operator add --slack`. */
      readonly allowedUsers: ReadonlyMap<string, string>;
    };

export const defaultSlackApiUrl = 'https://slack.com/api/';
export const defaultSlackPort = 3000;
export const defaultSlackChannel = 'swarm';

export type SlackEnv = Readonly<Record<string, string | undefined>>;

/** Slack's credentials, as named in the environment, `.env` or SSM (the secrets port looks them up). */
export const slackSecretNames = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'] as const;

/** The environment with Slack's credentials as the secrets port finds them (environment, `.env`, AWS SSM). */
export const withSlackSecrets = (env: SlackEnv, lookup: (name: string) => string | undefined): SlackEnv => ({
  ...env,
  ...Object.fromEntries(slackSecretNames.map((name) => [name, lookup(name)])),
});

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** `U1=alice,U2` → U1 → alice, U2 → U2 (a user without a name decides under its Slack id). */
export const parseAllowedUsers = (text: string | undefined): { users: Map<string, string>; error?: string } => {
  const users = new Map<string, string>();
  for (const part of (text ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [id, name] = part.split('=').map((x) => x.trim());
    if (!id || !/^[UW][A-Z0-9]{2,20}$/.test(id)) return { users, error: `SLACK_ALLOWED_USERS: expected Slack user ids such as U012AB3CD, optionally =operator-name, got "${part}"` };
    users.set(id, name || id);
  }
  return { users };
};

export const slackSettings = (env: SlackEnv): SlackSettings | { readonly error: string } => {
  const botToken = env.SLACK_BOT_TOKEN?.trim();
  const signingSecret = env.SLACK_SIGNING_SECRET?.trim();
  const appToken = env.SLACK_APP_TOKEN?.trim();
  if (!botToken) {
    if (signingSecret || appToken) return { mode: 'off', why: 'SLACK_BOT_TOKEN is not set (SLACK_SIGNING_SECRET or SLACK_APP_TOKEN alone is not enough)' };
    return { mode: 'off', why: 'not configured (set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET, or with SLACK_APP_TOKEN for Socket Mode)' };
  }
  if (!signingSecret && !appToken) return { mode: 'off', why: 'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP mode) nor SLACK_APP_TOKEN (Socket Mode) is' };
  const portText = env.SLACK_PORT?.trim();
  const port = portText ? Number(portText) : defaultSlackPort;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) return { error: `SLACK_PORT: expected a whole number from 0 to 65535, got "${portText}"` };
  const apiUrl = env.SLACK_API_URL?.trim() || defaultSlackApiUrl;
  if (!/^https?:\/\//.test(apiUrl)) return { error: `SLACK_API_URL: expected an http(s) URL, got "${apiUrl}"` };
  const allowed = parseAllowedUsers(env.SLACK_ALLOWED_USERS);
  if (allowed.error) return { error: allowed.error };
  return {
    mode: appToken ? 'socket' : 'http',
    botToken,
    ...(signingSecret ? { signingSecret } : {}),
    ...(appToken ? { appToken } : {}),
    port,
    apiUrl: withSlash(apiUrl),
    channel: env.SLACK_CHANNEL?.trim() || defaultSlackChannel,
    allowedUsers: allowed.users,
  };
};

/** The line `swarm up` prints. */
export const slackStartLine = (s: SlackSettings, listening?: string): string =>
  s.mode === 'off'
    ? `off — ${s.why}`
    : s.mode === 'http'
      ? `on, HTTP mode: Bolt's receiver at ${listening ?? `port ${s.port}`}/slack/events, notifications to #${s.channel.replace(/^#/, '')}`
      : `on, Socket Mode (SLACK_APP_TOKEN), notifications to #${s.channel.replace(/^#/, '')}`;
