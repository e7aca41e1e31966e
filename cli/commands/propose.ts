import { isLeft } from 'fp-ts/lib/Either.js';
import { createProposal } from '../../processes/commands/proposal-commands.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { jsonObject } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';

export const usage = 'swarm propose TYPE "title" "description" [--payload JSON]   (TYPE: new_agent, modify_agent, kill_agent, new_skill, pivot, rule_change)';

/** Shared by `swarm propose` and `claude-swarm propose`: opens a proposal as the caller and says how to vote on it. */
export const propose = async (
  ctx: CliContext,
  input: { type: string; title: string; description: string; payload: Record<string, unknown> },
  json: boolean,
  voteHint: string,
): Promise<void> => {
  const created = await createProposal(await ctx.runtime(), cliCaller(ctx), input);
  if (isLeft(created)) return failOn(created.left);
  const { proposalId, expiresAt } = created.right;
  ctx.out(
    render({ status: 'created', proposal_id: proposalId, type: input.type, title: input.title, expires_at: expiresAt }, { json }, () =>
      [`🗳️ Proposal created: ${proposalId}`, `Open for votes until ${expiresAt}`, `Vote: ${voteHint} ${proposalId} for|against ["comment"]`].join('\n'),
    ),
  );
};

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { payload: { type: 'string' } }, [['TYPE', 'name'], ['title', 'name'], ['description', 'text']]);
  if (positionals.length !== 3) throw badInput(`swarm propose: expected TYPE "title" "description", got ${positionals.length} argument(s)\nusage: ${usage}`, { field: 'TYPE' });
  const [type, title, description] = positionals as [string, string, string];
  const payload = v.payload === undefined ? {} : jsonObject('--payload', v.payload);
  await propose(ctx, { type, title, description, payload }, !!f.json, 'swarm vote');
};
