import type { ProposalEvent, ProposalType, Vote } from './events.js';

export type ProposalStatus = 'open' | 'approved' | 'rejected' | 'expired' | 'implemented';

export type ProposalState =
  | { readonly status: 'none' }
  | {
      readonly status: ProposalStatus;
      readonly proposalType: ProposalType;
      readonly payload: Readonly<Record<string, unknown>>;
      readonly expiresAt: string;
      readonly votes: ReadonlyMap<string, Vote>;
    };

export const initialState: ProposalState = { status: 'none' };

export const evolve = (state: ProposalState, event: ProposalEvent): ProposalState => {
  if (event.type === 'ProposalCreated') {
    const { proposalType, payload, expiresAt } = event.data;
    return { status: 'open', proposalType, payload, expiresAt, votes: new Map() };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'VoteCast':
      return { ...state, votes: new Map(state.votes).set(event.data.voter, event.data.vote) };
    case 'ProposalApproved':
      return { ...state, status: 'approved' };
    case 'ProposalRejected':
      return { ...state, status: 'rejected' };
    case 'ProposalExpired':
      return { ...state, status: 'expired' };
    case 'ProposalImplemented':
      return { ...state, status: 'implemented' };
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
};
