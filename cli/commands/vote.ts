import { isLeft } from 'fp-ts/lib/Either.js';
import { acceptedVoteWords, voteFromWord } from '../../domain/proposal/index.js';
import { castVote } from '../../processes/commands/proposal-commands.js';
import type { PositionalKind } from '../argument-kinds.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';

export const usage = 'swarm vote ID for|against ["comment"]   (also yes/approve/+1/👍 and no/reject/-1/👎)';

/**
 * Shared by `swarm vote` and `claude-swarm vote`. The voter is the caller; a word that is not a known synonym is
 * refused with the accepted words (the original counted any unknown word as "against").
 */
export const vote = async (ctx: CliContext, proposalId: string, direction: string, comment: string | undefined, json: boolean): Promise<void> => {
  const choice = voteFromWord(direction);
  if (!choice) throw badInput(`direction: "${direction}" is not a vote; accepted (any case): ${acceptedVoteWords}`, { field: 'direction' });
  const outcome = await castVote(await ctx.runtime(), cliCaller(ctx), { proposalId, vote: choice, ...(comment !== undefined ? { comment } : {}) });
  if (isLeft(outcome)) return failOn(outcome.left);
  const o = outcome.right;
  const out = {
    status: 'voted',
    proposal_id: o.proposalId,
    vote: o.vote,
    proposal_status: o.status,
    tally: o.tally,
    ...(o.implementationTaskId ? { implementation_task_id: o.implementationTaskId } : {}),
  };
  ctx.out(
    render(out, { json }, () =>
      [
        `${o.vote === 'for' ? '👍' : '👎'} Voted ${o.vote.toUpperCase()} on ${o.proposalId} (+${o.tally.for}/-${o.tally.against})`,
        ...(o.status !== 'open' ? [`Proposal ${o.status.toUpperCase()}${o.implementationTaskId ? `; implementation task ${o.implementationTaskId} for meta` : ''}`] : []),
      ].join('\n'),
    ),
  );
};

/** A vote's arguments. */
export const voteArguments: readonly PositionalKind[] = [['ID', 'id'], ['direction', 'name'], ['comment', 'text']];

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  // `-1` is a vote word, not a flag: read it as "against" before the flag parser sees it.
  const minusOne = argv.indexOf('-1');
  if (minusOne >= 0) argv = argv.map((a, i) => (i === minusOne ? 'against' : a));
  const { flags: f, positionals } = parseCommandArgs(argv, {}, voteArguments);
  if (positionals.length < 2 || positionals.length > 3) throw badInput(`swarm vote: expected ID for|against ["comment"]\nusage: ${usage}`, { field: 'ID' });
  const [id, direction, comment] = positionals as [string, string, string | undefined];
  await vote(ctx, id, direction, comment, !!f.json);
};
