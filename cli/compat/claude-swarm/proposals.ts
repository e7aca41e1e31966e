import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { badInput } from '../../cli-failure.js';
import { proposalJson, proposalsText } from '../../commands/proposals.js';
import { render } from '../../output.js';
import { listProposals } from '../../../processes/commands/proposal-commands.js';

export const usage = 'claude-swarm proposals [--approved]';

/** CLI-SW-03: open proposals (default), or approved ones not yet implemented (what meta works through). */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { flags: f, positionals } = parseCommandArgs(argv, { approved: { type: 'boolean' } });
  if (positionals.length > 0) throw badInput(`claude-swarm proposals: unexpected "${positionals[0]}"`);
  const proposals = await listProposals(await ctx.runtime(), { status: f.approved ? 'approved' : 'open', limit: 100 });
  ctx.out(render({ proposals: proposals.map(proposalJson) }, { json: !!f.json }, () => proposalsText({ proposals })));
};
