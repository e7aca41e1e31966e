// Requests to Bolt's receiver as Slack sends them: signed with the signing secret (v0 HMAC-SHA256 over
// `v0:{timestamp}:{body}`), slash commands and interactions form-encoded, events as JSON.
import { createHmac } from 'node:crypto';

export const signature = (secret: string, timestamp: number, body: string) => `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;

export interface SlackPostOptions {
  /** Default: signed now with the given secret. */
  readonly sign?: 'none' | 'bad' | 'stale' | 'good';
}

export const postToSlackApp = async (url: string, secret: string, body: string, contentType: string, options: SlackPostOptions = {}) => {
  const sign = options.sign ?? 'good';
  const timestamp = Math.floor(Date.now() / 1000) - (sign === 'stale' ? 600 : 0);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (sign !== 'none') {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = sign === 'bad' ? signature('not-the-secret', timestamp, body) : signature(secret, timestamp, body);
  }
  const res = await fetch(url, { method: 'POST', headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
};

export const slashCommand = (fields: { text: string; user_id: string; channel_id?: string }) =>
  new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    team_domain: 'fake',
    channel_id: fields.channel_id ?? 'C0SWARM',
    channel_name: 'swarm',
    user_id: fields.user_id,
    user_name: fields.user_id.toLowerCase(),
    command: '/swarm',
    text: fields.text,
    api_app_id: 'AFAKE',
    response_url: 'http://127.0.0.1:9/commands/response',
    trigger_id: `trigger-${Date.now()}`,
  }).toString();

/** A button press on a message the swarm posted (`block_actions`), as Slack sends it. */
export const buttonPress = (fields: { user_id: string; action_id: string; value: string; channel: string; ts: string; blocks?: unknown[] }) =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'block_actions',
      user: { id: fields.user_id, username: fields.user_id.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'AFAKE',
      token: 'legacy-verification-token',
      team: { id: 'T0FAKE', domain: 'fake' },
      container: { type: 'message', message_ts: fields.ts, channel_id: fields.channel, is_ephemeral: false },
      trigger_id: `trigger-${fields.ts}-${Date.now()}`,
      channel: { id: fields.channel, name: 'swarm' },
      message: { type: 'message', ts: fields.ts, text: '', blocks: fields.blocks ?? [] },
      response_url: 'http://127.0.0.1:9/actions/response',
      actions: [{ type: 'button', action_id: fields.action_id, block_id: 'decide', value: fields.value, action_ts: String(Date.now() / 1000) }],
    }),
  }).toString();

/** The reject modal submitted with a reason (`view_submission`), carrying the view the swarm opened. */
export const modalSubmission = (fields: { user_id: string; view: { callback_id: string; private_metadata: string }; reason: string }) =>
  new URLSearchParams({
    payload: JSON.stringify({
      type: 'view_submission',
      team: { id: 'T0FAKE', domain: 'fake' },
      user: { id: fields.user_id, username: fields.user_id.toLowerCase(), team_id: 'T0FAKE' },
      api_app_id: 'AFAKE',
      token: 'legacy-verification-token',
      trigger_id: `trigger-view-${Date.now()}`,
      view: {
        id: 'VFAKE',
        type: 'modal',
        callback_id: fields.view.callback_id,
        private_metadata: fields.view.private_metadata,
        state: { values: { reason: { reason_input: { type: 'plain_text_input', value: fields.reason } } } },
        hash: 'h',
      },
      response_urls: [],
    }),
  }).toString();

/** An Events API callback (a mention or a direct message), as Slack sends it. */
export const eventCallback = (event: Record<string, unknown>) =>
  JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0FAKE',
    api_app_id: 'AFAKE',
    event: { event_ts: event.ts, ...event },
    type: 'event_callback',
    event_id: `Ev${String(event.ts).replace('.', '')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: 'T0FAKE', user_id: 'UBOT', is_bot: true }],
  });
