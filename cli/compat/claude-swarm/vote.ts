import { parseCommandArgs } from '../../cli-args.js';
import { namedAgent, type CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { vote, voteArguments } from '../../commands/vote.js';

export const usage = 'claude-swarm vote ID for|against ["comment"] [--agent A]';

/** CLI-SW-04. The voter is the caller: `--agent` must agree with SWARM_AGENT when set (W-24). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  // `-1` is a vote word, not a flag: read it as "against" before the flag parser sees it.
  const minusOne = argv.indexOf('-1');
  if (minusOne >= 0) argv = argv.map((a, i) => (i === minusOne ? 'against' : a));
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { agent: { type: 'string' } }, voteArguments);
  if (positionals.length < 2 || positionals.length > 3) throw badInput('claude-swarm vote: expected ID for|against ["comment"]', { field: 'ID' });
  if (ctx.agent) namedAgent(ctx, '--agent', v.agent);
  const [id, direction, comment] = positionals as [string, string, string | undefined];
  await vote(ctx, id, direction, comment, !!f.json);
};
