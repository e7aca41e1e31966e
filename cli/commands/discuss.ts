import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { postDiscussion, recentDiscussions, topicDiscussions } from '../../processes/commands/discussion-commands.js';
import type { PostView } from '../../projections/discussions/discussions-projection.js';
import type { PositionalKind } from '../argument-kinds.js';
import { parseCommandArgs } from '../cli-args.js';
import { callerActor, cliCaller, namedAgent, type CliContext } from '../cli-context.js';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import { badInput } from '../cli-failure.js';
import { integerInRange } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';
import { postJson } from '../../processes/queries/original-shapes.js';

export const usage = 'swarm discuss AGENT "text" [--topic T] [--reply-to ID] | discuss --recent [--topic T] [--minutes 60] | discuss --topic T';

const ok = <A>(e: Either<DomainError, A>): A => (isLeft(e) ? failOn(e.left) : e.right);

export { postJson } from '../../processes/queries/original-shapes.js';

/** `[HH:MM:SS] [author] (reply) [+up/-down] #topic: content` (the original's layout), content cut at 200 characters. */
export const postLine = (p: PostView): string => {
  const time = p.at.slice(11, 19);
  const reply = p.replyTo ? ' (reply)' : '';
  const votes = p.up || p.down ? ` [+${p.up}/-${p.down}]` : '';
  const content = p.content.length > 200 ? `${p.content.slice(0, 199)}…` : p.content;
  return `[${time}] [${p.author}]${reply}${votes} #${p.topic}: ${content}  (${p.postId})`;
};

export const postsText = (x: { posts: PostView[] }): string => (x.posts.length === 0 ? '(no posts)' : x.posts.map(postLine).join('\n'));

export interface DiscussRequest {
  readonly recent: boolean;
  readonly minutes: number;
  /** Topic to read (with --recent or alone). */
  readonly readTopic?: string;
  /** Topic to post to. */
  readonly postTopic?: string;
  readonly replyTo?: string;
  readonly positionals: readonly string[];
  readonly json: boolean;
}

/**
 * Shared by `swarm discuss` and `claude-swarm discuss`: `--recent` first (optionally one topic), then a topic
 * listing, then AGENT "text" as a post. AGENT must be SWARM_AGENT inside an agent run; outside one the post is the
 * human's, whatever AGENT says.
 */
export const discuss = async (ctx: CliContext, r: DiscussRequest, program: string): Promise<void> => {
  if (r.recent) {
    const posts = await recentDiscussions(await ctx.runtime(), { minutes: r.minutes, ...(r.readTopic !== undefined ? { topic: r.readTopic } : {}) });
    ctx.out(render({ posts: posts.map(postJson) }, { json: r.json }, () => postsText({ posts })));
    return;
  }
  if (r.positionals.length === 0 && r.readTopic !== undefined) {
    const posts = await topicDiscussions(await ctx.runtime(), r.readTopic, 50);
    ctx.out(render({ posts: posts.map(postJson) }, { json: r.json }, () => postsText({ posts })));
    return;
  }
  if (r.positionals.length !== 2) throw badInput(`${program} discuss: expected AGENT "text", --recent or --topic T`, { field: 'AGENT' });
  const [agent, text] = r.positionals as [string, string];
  if (ctx.agent) namedAgent(ctx, 'AGENT', agent);
  // At a terminal the post is the person's whatever AGENT says (the seed's form names an agent), but a name that is
  // no agent, nor `human`, nor the person, is a mistake to say (SPEC §7.1: the original only warned).
  else if (agent !== 'human' && agent !== callerActor(ctx).id && roleOfAgent(agent) === undefined)
    throw badInput(`AGENT: "${agent}" is not an agent (a role such as hunter, or an instance such as hunter-2), human or you (${callerActor(ctx).id})`, { field: 'AGENT' });
  const input = { content: text, ...(r.postTopic !== undefined ? { topic: r.postTopic } : {}), ...(r.replyTo !== undefined ? { replyTo: r.replyTo } : {}) };
  const posted = ok(await postDiscussion(await ctx.runtime(), cliCaller(ctx), input));
  const author = cliCaller(ctx).actor.id;
  ctx.out(
    render({ status: 'posted', post_id: posted.postId, topic: posted.topic, author }, { json: r.json }, () =>
      `Posted to ${posted.topic} as ${author} (id: ${posted.postId})`,
    ),
  );
};

/** A post's arguments: who posts (checked against the caller) and what. */
export const discussArguments: readonly PositionalKind[] = [['AGENT', 'id'], ['text', 'text']];

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, {
    recent: { type: 'boolean' },
    topic: { type: 'string' },
    'reply-to': { type: 'string' },
    minutes: { type: 'string' },
  }, discussArguments);
  const posting = positionals.length > 0;
  await discuss(
    ctx,
    {
      recent: !!f.recent,
      minutes: v.minutes === undefined ? 60 : integerInRange('--minutes', v.minutes, 1, 525_600),
      ...(!posting && v.topic !== undefined ? { readTopic: v.topic } : {}),
      ...(posting && v.topic !== undefined ? { postTopic: v.topic } : {}),
      ...(v['reply-to'] !== undefined ? { replyTo: v['reply-to'] } : {}),
      positionals,
      json: !!f.json,
    },
    'swarm',
  );
};
