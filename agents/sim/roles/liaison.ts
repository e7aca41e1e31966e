import { stablePick } from '../stable-choice.js';
import { text, type SimSession } from '../sim-session.js';
import { agentNames } from '../../../domain/agent/roles.js';

const replies = [
  'Noted — I have passed it on to the swarm and will report back here.',
  'Thanks, that is clear. The agents will take it into account in their next tasks.',
  'Understood. I will keep you posted in this channel as the work moves.',
] as const;

const isAgent = (author: string): boolean => (agentNames as string[]).some((role) => author === role || author.startsWith(`${role}-`));

/** A deterministic reply that quotes what the human said. */
export const liaisonReply = (said: string): string => {
  const quote = said.length > 160 ? `${said.slice(0, 159)}…` : said;
  return `You said: "${quote}". ${stablePick(replies, `reply:${said}`)}`;
};

/**
 * A person's directive (`swarm tell`, the dashboard, Slack), to whichever agent it is addressed: acknowledged in the
 * `directive` topic, quoting it, and the task completes with it.
 */
export const acknowledgeDirective = (s: SimSession): void => {
  const instruction = text(s.task.payload, 'instruction') || text(s.task.payload, 'message') || 'the directive';
  const quoted = instruction.length > 160 ? `${instruction.slice(0, 159)}…` : instruction;
  const posted = s.must('claude-swarm', ['discuss', s.agent, `Directive received: "${quoted}". I take it into my next tasks and report back in human_chat.`, '--in-topic', 'directive', '--json']);
  s.complete({ acknowledged: instruction, post_id: posted.post_id ?? null });
};

/** respond_to_human: answers the newest human post in `human_chat` (or the task's own message). */
export const liaison = (s: SimSession): void => {
  const listed = s.must('claude-swarm', ['discuss', '--topic', 'human_chat', '--json']);
  const posts = Array.isArray(listed.posts) ? (listed.posts as Array<Record<string, unknown>>) : [];
  const newest = posts
    .filter((p) => typeof p.author === 'string' && !isAgent(p.author) && typeof p.content === 'string')
    .sort((a, b) => String(b.created_at).localeCompare(String(a.created_at)))[0];
  const said = newest ? String(newest.content) : text(s.task.payload, 'message') || text(s.task.payload, 'directive') || text(s.task.payload, 'content');
  if (!said) {
    s.complete({ replied_to: null, reason: 'no human message to answer' });
    return;
  }
  const posted = s.must('claude-swarm', [
    'discuss', s.agent, liaisonReply(said), '--in-topic', 'human_chat',
    ...(newest && typeof newest.id === 'string' ? ['--reply-to', newest.id] : []), '--json',
  ]);
  s.complete({ replied_to: newest?.id ?? null, post_id: posted.post_id ?? null });
};
