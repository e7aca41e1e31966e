import { LogLevel, WebClient, type WebAPICallResult } from '@slack/web-api';
import { slackSettings } from '../../infra/slack/slack-settings.js';
import { slackEnvWithSecrets } from '../../infra/slack/slack-secrets.js';
import { parseCommandArgs } from '../cli-args.js';
import type { CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { render } from '../output.js';

export const usage = 'swarm slack check [--json]   (verifies SLACK_BOT_TOKEN with auth.test, and SLACK_APP_TOKEN in Socket Mode; says what is wrong)';

/** What Slack's error codes mean for the person fixing the setup. */
const explain: Readonly<Record<string, string>> = {
  invalid_auth: 'the token is not valid (copy the Bot User OAuth Token, xoxb-…, from the app’s OAuth & Permissions page)',
  not_authed: 'no token was sent',
  account_inactive: 'the token belongs to a deleted user or an uninstalled app (reinstall the app)',
  token_revoked: 'the token was revoked (reinstall the app to get a new one)',
  token_expired: 'the token expired (reinstall the app, or turn token rotation off)',
  not_allowed_token_type: 'this is not the right kind of token (SLACK_BOT_TOKEN is xoxb-…, SLACK_APP_TOKEN is xapp-… with connections:write)',
};

const failureOf = (e: unknown): { code: string; message: string } => {
  const err = e as { code?: string; data?: { error?: string }; message?: string };
  const slackError = err.data?.error;
  if (slackError) return { code: slackError, message: explain[slackError] ?? `Slack answered "${slackError}"` };
  return { code: err.code ?? 'unreachable', message: `Slack could not be reached: ${err.message ?? String(e)}` };
};

/** `swarm slack check`: is Slack configured, and does it take the tokens? Exit 2 when unset, 1 when refused. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  if (sub !== 'check') throw badInput(`slack: expected check, got ${sub === undefined ? 'nothing' : `"${sub}"`}\nusage: ${usage}`, { field: 'subcommand' });
  const { flags: f, positionals } = parseCommandArgs(rest, {});
  if (positionals.length) throw badInput(`slack check: unexpected argument "${positionals[0]}"`, { field: 'arguments' });
  const withSecrets = await slackEnvWithSecrets(ctx.env);
  if ('error' in withSecrets) throw badInput(withSecrets.error);
  const settings = slackSettings(withSecrets.env);
  if ('error' in settings) throw badInput(settings.error);
  if (settings.mode === 'off') throw badInput(`Slack is off: ${settings.why}`, { field: 'SLACK_BOT_TOKEN' });
  // One try, quietly: this command reports what went wrong itself.
  const options = { slackApiUrl: settings.apiUrl, retryConfig: { retries: 0 }, timeout: 10_000, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR };
  let auth: WebAPICallResult & { team?: string; user?: string; user_id?: string; bot_id?: string; url?: string };
  try {
    auth = await new WebClient(settings.botToken, options).auth.test();
  } catch (e) {
    const failure = failureOf(e);
    throw refused(`SLACK_BOT_TOKEN: ${failure.message} (asked ${settings.apiUrl}auth.test)`, { code: failure.code, field: 'SLACK_BOT_TOKEN' });
  }
  if (settings.mode === 'socket') {
    try {
      await new WebClient(settings.appToken!, options).apps.connections.open();
    } catch (e) {
      const failure = failureOf(e);
      throw refused(`SLACK_APP_TOKEN: ${failure.message} (asked ${settings.apiUrl}apps.connections.open)`, { code: failure.code, field: 'SLACK_APP_TOKEN' });
    }
  }
  const result = {
    ok: true,
    mode: settings.mode,
    api_url: settings.apiUrl,
    team: auth.team ?? null,
    bot_user: auth.user ?? null,
    bot_user_id: auth.user_id ?? null,
    channel: settings.channel,
    ...(settings.mode === 'http' ? { events_url_path: '/slack/events', port: settings.port } : {}),
  };
  ctx.out(
    render(result, { json: Boolean(f.json) }, () =>
      [
        `Slack token OK: bot ${auth.user ?? '?'} (${auth.user_id ?? '?'}) in ${auth.team ?? 'the workspace'}`,
        settings.mode === 'http'
          ? `HTTP mode: swarm up listens on port ${settings.port} at /slack/events (point the app's Request URLs there)`
          : 'Socket Mode: SLACK_APP_TOKEN accepted (apps.connections.open)',
        `Notifications and decisions go to #${settings.channel.replace(/^#/, '')} (invite the bot there: /invite @${auth.user ?? 'the-bot'})`,
      ].join('\n'),
    ),
  );
};
