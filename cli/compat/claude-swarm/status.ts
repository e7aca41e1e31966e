import { freshReader } from '../../../projections/engine/fresh-reader.js';
import { discussionsProjection } from '../../../projections/discussions/discussions-projection.js';
import { countPostsSince } from '../../../projections/discussions/queries.js';
import { proposalsProjection } from '../../../projections/proposals/proposals-projection.js';
import { countProposals, listProposals } from '../../../projections/proposals/queries.js';
import { parseCommandArgs } from '../../cli-args.js';
import type { CliContext } from '../../cli-context.js';
import { render } from '../../output.js';

export const usage = 'claude-swarm status';

/** CLI-SW-05 (governance part): open proposals with the top 3, and how many posts the last 30 minutes saw. */
export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const { flags: f } = parseCommandArgs(argv, {});
  const rt = await ctx.runtime();
  const proposals = await freshReader(rt.log, rt.projections, proposalsProjection);
  const posts = await freshReader(rt.log, rt.projections, discussionsProjection);
  const since = new Date(Date.parse(rt.now()) - 30 * 60_000).toISOString();
  const top = listProposals(proposals, { status: 'open', limit: 3 });
  const out = {
    open_proposals: countProposals(proposals, 'open'),
    top_proposals: top.map((p) => ({ id: p.proposalId, type: p.proposalType, title: p.title, votes_for: p.tally.for, votes_against: p.tally.against })),
    discussions_last_30_min: countPostsSince(posts, since),
  };
  ctx.out(
    render(out, { json: !!f.json }, () =>
      [
        `🗳️ Open proposals: ${out.open_proposals}`,
        ...out.top_proposals.map((p) => `  [${p.id}] ${p.type}: ${p.title} (+${p.votes_for}/-${p.votes_against})`),
        `💬 Discussions (last 30 min): ${out.discussions_last_30_min}`,
      ].join('\n'),
    ),
  );
};
