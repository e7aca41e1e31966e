import { isLeft } from 'fp-ts/lib/Either.js';
import { giveDirective } from '../../processes/commands/directive-commands.js';
import { parseCommandArgs } from '../cli-args.js';
import { callerActor, cliCaller, type CliContext } from '../cli-context.js';
import { badInput, refused } from '../cli-failure.js';
import { integerInRange } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';

export const usage = 'swarm tell [--to AGENT] [--priority N] MESSAGE   (a person\'s directive: the Liaison by default, priority 10)';

/** A directive, as the dashboard's form and Slack's `/swarm tell` give it: a task for the agent and a post in `directive`. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { to: { type: 'string' }, priority: { type: 'string', short: 'p' } }, [['MESSAGE', 'text']]);
  const message = positionals.join(' ').trim();
  if (!message) throw badInput('MESSAGE is required: what the agent is to do', { field: 'message' });
  if (ctx.agent) throw refused(`only a person gives directives (SWARM_AGENT is set: this is agent "${ctx.agent}"); agents write mail`);
  const priority = v.priority === undefined ? undefined : integerInRange('--priority', v.priority, 1, 10);
  const given = await giveDirective(await ctx.runtime(), cliCaller(ctx), { message, from: callerActor(ctx).id, ...(v.to ? { to: v.to } : {}), ...(priority !== undefined ? { priority } : {}) });
  if (isLeft(given)) return failOn(given.left);
  const g = given.right;
  ctx.out(
    render({ success: true, task_id: g.taskId, to: g.to, priority: g.priority, post_id: g.postId, ...(g.warning ? { warnings: [g.warning] } : {}) }, { json: !!f.json }, () =>
      `directive sent to ${g.to} (task ${g.taskId}, priority ${g.priority})${g.warning ? `\nwarning: ${g.warning}` : ''}`,
    ),
  );
};

