import { isLeft } from 'fp-ts/lib/Either.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { proposalsProjection } from '../../projections/proposals/proposals-projection.js';
import { proposalsDueToExpire } from '../../projections/proposals/queries.js';
import { expireProposal } from '../commands/proposal-commands.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';

export interface SweepReport {
  /** Ids cleared by this sweep. */
  readonly done: string[];
  /** Ids left alone, with the reason (someone voted it to a decision first, another sweep got there, …). */
  readonly skipped: { readonly id: string; readonly reason: string }[];
}

/**
 * Closes every open proposal whose voting window has passed (SPEC §3.5; the original never did: W-32). Safe to run
 * twice or from two processes at once: the proposal's decider expires an open proposal once and refuses the rest.
 * `caller` is the system (the scheduler), carrying the firing's correlation so the expiry traces back to it.
 */
export const expireDueProposals = async (runtime: SwarmRuntime, caller: CommandCaller, options: { limit?: number } = {}): Promise<SweepReport> => {
  const reader = await freshReader(runtime.log, runtime.projections, proposalsProjection);
  const report: SweepReport = { done: [], skipped: [] };
  for (const proposal of proposalsDueToExpire(reader, runtime.now(), options.limit ?? 100)) {
    const expired = await expireProposal(runtime, caller, { proposalId: proposal.proposalId });
    if (isLeft(expired)) report.skipped.push({ id: proposal.proposalId, reason: expired.left.message });
    else report.done.push(proposal.proposalId);
  }
  return report;
};
