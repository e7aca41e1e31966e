import * as t from 'io-ts';
import { ProposalType, Vote } from './events.js';

/** The proposer is the actor of the command. */
export const CreateProposal = t.type({
  type: t.literal('CreateProposal'),
  proposalId: t.string,
  proposalType: ProposalType,
  title: t.string,
  description: t.string,
  payload: t.UnknownRecord,
});

/** The voter is the actor of the command: no `--agent` stands in for it (W-24). */
export const CastVote = t.intersection([
  t.type({ type: t.literal('CastVote'), proposalId: t.string, vote: Vote }),
  t.partial({ comment: t.string }),
]);

/** Close an open proposal whose voting window has passed (the proposal expiry process). */
export const ExpireProposal = t.type({ type: t.literal('ExpireProposal'), proposalId: t.string });

/** Meta (or a human) says an approved proposal has been carried out. */
export const MarkProposalImplemented = t.intersection([
  t.type({ type: t.literal('MarkProposalImplemented'), proposalId: t.string }),
  t.partial({ notes: t.string }),
]);

export const ProposalCommandCodec = t.union([CreateProposal, CastVote, ExpireProposal, MarkProposalImplemented]);
export type ProposalCommand = t.TypeOf<typeof ProposalCommandCodec>;
