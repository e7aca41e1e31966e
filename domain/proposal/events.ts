import * as t from 'io-ts';

export const ProposalType = t.keyof(
  { new_agent: null, modify_agent: null, kill_agent: null, new_skill: null, pivot: null, rule_change: null },
  'one of new_agent, modify_agent, kill_agent, new_skill, pivot, rule_change',
);
export type ProposalType = t.TypeOf<typeof ProposalType>;
export const proposalTypes: readonly ProposalType[] = Object.keys(ProposalType.keys) as ProposalType[];

export const Vote = t.keyof({ for: null, against: null }, 'for or against');
export type Vote = t.TypeOf<typeof Vote>;

/** The votes when a proposal was decided; `rate` is the share of the votes that were for (0–1). */
export const Tally = t.type({ for: t.number, against: t.number, total: t.number, rate: t.number });
export type Tally = t.TypeOf<typeof Tally>;

export const ProposalCreated = t.type({
  type: t.literal('ProposalCreated'),
  data: t.type({
    proposalId: t.string,
    proposalType: ProposalType,
    title: t.string,
    description: t.string,
    payload: t.UnknownRecord,
    proposedBy: t.string,
    /** End of the voting window. */
    expiresAt: t.string,
  }),
});

export const VoteCast = t.type({
  type: t.literal('VoteCast'),
  data: t.intersection([t.type({ voter: t.string, vote: Vote }), t.partial({ comment: t.string })]),
});

/** Appended in the same decision as the vote that reached the quorum and the threshold: exactly once. */
export const ProposalApproved = t.type({ type: t.literal('ProposalApproved'), data: Tally });
export const ProposalRejected = t.type({ type: t.literal('ProposalRejected'), data: Tally });

/** The voting window closed while the proposal was still open. */
export const ProposalExpired = t.type({ type: t.literal('ProposalExpired'), data: Tally });

export const ProposalImplemented = t.type({
  type: t.literal('ProposalImplemented'),
  data: t.intersection([t.type({ by: t.string }), t.partial({ notes: t.string })]),
});

export const ProposalEventCodec = t.union([ProposalCreated, VoteCast, ProposalApproved, ProposalRejected, ProposalExpired, ProposalImplemented]);
export type ProposalEvent = t.TypeOf<typeof ProposalEventCodec>;
export const proposalEventTypes = [
  'ProposalCreated',
  'VoteCast',
  'ProposalApproved',
  'ProposalRejected',
  'ProposalExpired',
  'ProposalImplemented',
] as const;
