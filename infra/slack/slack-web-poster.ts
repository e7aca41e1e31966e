import type { WebClient } from '@slack/web-api';
import type { Block } from '../../processes/slack/decision-messages.js';
import type { PostedMessage, SlackPoster } from '../../processes/slack/slack-poster.js';

/** The event type of the metadata the swarm's messages carry, to find one again by its key. */
export const messageMetadataType = 'swarm_message';

type AnyBlocks = Parameters<WebClient['chat']['postMessage']>[0] extends infer A ? (A extends { blocks?: infer B } ? B : never) : never;
const blocksOf = (blocks: readonly Block[] | undefined) => (blocks ? { blocks: blocks as unknown as AnyBlocks } : {});

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The Slack port on `@slack/web-api` (the client Bolt made, pointed at SLACK_API_URL). */
export const webPoster = (client: WebClient): SlackPoster => ({
  post: async (m) => {
    const r = await client.chat.postMessage({
      channel: m.channel,
      text: m.text,
      ...blocksOf(m.blocks),
      ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
      metadata: { event_type: messageMetadataType, event_payload: { key: m.key } },
      unfurl_links: false,
    } as Parameters<WebClient['chat']['postMessage']>[0]);
    if (!r.ts) throw new Error('chat.postMessage answered without a ts');
    return { channel: r.channel ?? m.channel, ts: r.ts };
  },
  findPosted: async (q) => {
    const oldest = String(Date.parse(q.since) / 1000);
    const r = q.threadTs
      ? await client.conversations.replies({ channel: q.channel, ts: q.threadTs, oldest, include_all_metadata: true, limit: 200 })
      : await client.conversations.history({ channel: q.channel, oldest, include_all_metadata: true, limit: 200 });
    const found = ((r.messages ?? []) as HistoryMessage[]).find((m) => m.metadata?.event_type === messageMetadataType && m.metadata.event_payload?.key === q.key);
    return found?.ts ? ({ channel: q.channel, ts: found.ts } satisfies PostedMessage) : undefined;
  },
  update: async (m) => {
    await client.chat.update({ channel: m.channel, ts: m.ts, text: m.text, ...blocksOf(m.blocks) } as Parameters<WebClient['chat']['update']>[0]);
  },
  postEphemeral: async (m) => {
    await client.chat.postEphemeral({ channel: m.channel, user: m.user, text: m.text, ...(m.threadTs ? { thread_ts: m.threadTs } : {}) });
  },
  openView: async (triggerId, view) => {
    await client.views.open({ trigger_id: triggerId, view: view as unknown as Parameters<WebClient['views']['open']>[0]['view'] });
  },
});
