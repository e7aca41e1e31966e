import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import type { ProposalStatus } from '../../domain/proposal/index.js';
import { listProposals, markProposalImplemented, resolveProposal } from '../../processes/commands/proposal-commands.js';
import type { ProposalView } from '../../projections/proposals/proposals-projection.js';
import { parseCommandArgs } from '../cli-args.js';
import { cliCaller, type CliContext } from '../cli-context.js';
import { badInput } from '../cli-failure.js';
import { integerInRange } from '../cli-values.js';
import { failOn } from '../domain-failure.js';
import { render } from '../output.js';
import { proposalJson } from '../../processes/queries/original-shapes.js';

export const usage = 'swarm proposals [--status open|approved|rejected|expired|implemented] | proposals show ID | proposals implemented ID [--notes N]';

const statuses: readonly ProposalStatus[] = ['open', 'approved', 'rejected', 'expired', 'implemented'];

const ok = <A>(e: Either<DomainError, A>): A => (isLeft(e) ? failOn(e.left) : e.right);

export { proposalJson } from '../../processes/queries/original-shapes.js';

/** The original's listing: id, type, title, by, votes +/-, status, description cut at 100 characters. */
export const proposalText = (p: ProposalView): string =>
  [
    `[${p.proposalId}] ${p.proposalType}: ${p.title}`,
    `  by ${p.proposedBy} | votes +${p.tally.for}/-${p.tally.against} | ${p.status}${p.status === 'open' ? ` until ${p.expiresAt}` : ''}`,
    `  ${p.description.length > 100 ? `${p.description.slice(0, 99)}…` : p.description}`,
  ].join('\n');

export const proposalsText = (x: { proposals: ProposalView[] }): string => (x.proposals.length === 0 ? '(no proposals)' : x.proposals.map(proposalText).join('\n\n'));

export const proposalDetailText = (p: ProposalView): string =>
  [
    proposalText(p),
    ...(Object.keys(p.payload).length > 0 ? [`  payload: ${JSON.stringify(p.payload)}`] : []),
    ...p.votes.map((v) => `  ${v.at.slice(0, 19)}Z ${v.voter} ${v.vote}${v.comment ? `: ${v.comment}` : ''}`),
  ].join('\n');

export const parseStatus = (text: string): ProposalStatus => {
  if (!statuses.includes(text as ProposalStatus)) throw badInput(`--status: expected one of ${statuses.join(', ')}, got "${text}"`, { field: '--status' });
  return text as ProposalStatus;
};

/** Shared by `swarm proposals implemented` and `claude-swarm implemented`: meta (or a human) closes an approved proposal. */
export const implemented = async (ctx: CliContext, proposalId: string, notes: string | undefined, json: boolean): Promise<void> => {
  const done = ok(await markProposalImplemented(await ctx.runtime(), cliCaller(ctx), { proposalId, ...(notes !== undefined ? { notes } : {}) }));
  const out = { status: 'implemented', proposal_id: done.proposalId, ...(done.settingChanged ? { setting_changed: done.settingChanged } : {}) };
  ctx.out(render(out, { json }));
};

export const run = async (argv: string[], ctx: CliContext): Promise<void> => {
  const [sub, ...rest] = argv;
  if (sub === 'show') {
    const { flags: f, positionals } = parseCommandArgs(rest, {}, [['ID', 'id']]);
    if (positionals.length !== 1) throw badInput('ID: swarm proposals show takes one proposal id', { field: 'ID' });
    const p = ok(await resolveProposal(await ctx.runtime(), positionals[0]!));
    ctx.out(render(proposalJson(p), { json: !!f.json }, () => proposalDetailText(p)));
    return;
  }
  if (sub === 'implemented') {
    const { values: v, flags: f, positionals } = parseCommandArgs(rest, { notes: { type: 'string' } }, [['ID', 'id']]);
    if (positionals.length !== 1) throw badInput('ID: swarm proposals implemented takes one proposal id', { field: 'ID' });
    await implemented(ctx, positionals[0]!, v.notes, !!f.json);
    return;
  }
  const { values: v, flags: f, positionals } = parseCommandArgs(argv, { status: { type: 'string', short: 's' }, limit: { type: 'string', short: 'l' } });
  if (positionals.length > 0) throw badInput(`swarm proposals: unexpected "${positionals[0]}"\nusage: ${usage}`);
  const status = v.status === undefined ? undefined : parseStatus(v.status);
  const limit = v.limit === undefined ? 50 : integerInRange('--limit', v.limit, 1, 1000);
  const proposals = await listProposals(await ctx.runtime(), { ...(status ? { status } : {}), limit });
  ctx.out(render({ proposals: proposals.map(proposalJson) }, { json: !!f.json }, () => proposalsText({ proposals })));
};
