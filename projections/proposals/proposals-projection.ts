import type { RecordedEvent } from '../../domain/log/envelope.js';
import { proposalEventTypes, tallyOf, type ProposalEvent, type ProposalStatus, type ProposalType, type Tally, type Vote } from '../../domain/proposal/index.js';
import type { DocWriter, Projection } from '../engine/projection.js';

export interface VoteView {
  readonly voter: string;
  readonly vote: Vote;
  readonly comment?: string;
  readonly at: string;
}

export interface ProposalView {
  readonly proposalId: string;
  readonly proposalType: ProposalType;
  readonly title: string;
  readonly description: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly proposedBy: string;
  readonly status: ProposalStatus;
  readonly createdAt: string;
  readonly createdPosition: number;
  readonly expiresAt: string;
  readonly decidedAt?: string;
  readonly implementedAt?: string;
  readonly implementedBy?: string;
  /** Live tally of the votes so far. */
  readonly tally: Tally;
  /** Voting history, in the order the votes were cast. */
  readonly votes: readonly VoteView[];
}

/**
 * `proposals` by id; `by-status` (`status|newest first`) and `all` (newest first) hold `{proposalId}`; `open-by-expiry`
 * (`expiresAt|id`) lets the expiry process read only the proposals that are due.
 */
export const proposalCollections = { proposals: 'proposals', byStatus: 'by-status', all: 'all', openByExpiry: 'open-by-expiry' } as const;

const newestFirst = (position: number): string => String(999_999_999_999_999 - position).padStart(15, '0');
const statusKey = (p: ProposalView) => `${p.status}|${newestFirst(p.createdPosition)}`;

const replace = (docs: DocWriter, before: ProposalView, after: ProposalView) => {
  if (before.status !== after.status) {
    docs.delete(proposalCollections.byStatus, statusKey(before));
    if (before.status === 'open') docs.delete(proposalCollections.openByExpiry, `${before.expiresAt}|${before.proposalId}`);
  }
  docs.put(proposalCollections.proposals, after.proposalId, after);
  docs.put(proposalCollections.byStatus, statusKey(after), { proposalId: after.proposalId });
};

/** Proposals with live tallies and voting history (SPEC §3.5, §4). */
export const proposalsProjection: Projection = {
  name: 'proposals',
  version: 1,
  eventTypes: proposalEventTypes,
  apply: (docs, recorded: RecordedEvent) => {
    const event = { type: recorded.type, data: recorded.data } as ProposalEvent;
    if (event.type === 'ProposalCreated') {
      const d = event.data;
      if (docs.get(proposalCollections.proposals, d.proposalId)) return;
      const view: ProposalView = {
        proposalId: d.proposalId,
        proposalType: d.proposalType,
        title: d.title,
        description: d.description,
        payload: d.payload,
        proposedBy: d.proposedBy,
        status: 'open',
        createdAt: recorded.metadata.at,
        createdPosition: recorded.position,
        expiresAt: d.expiresAt,
        tally: tallyOf([]),
        votes: [],
      };
      docs.put(proposalCollections.proposals, d.proposalId, view);
      docs.put(proposalCollections.byStatus, statusKey(view), { proposalId: d.proposalId });
      docs.put(proposalCollections.all, newestFirst(recorded.position), { proposalId: d.proposalId });
      docs.put(proposalCollections.openByExpiry, `${d.expiresAt}|${d.proposalId}`, { proposalId: d.proposalId });
      return;
    }
    const proposalId = recorded.stream.slice('proposal-'.length);
    const before = docs.get<ProposalView>(proposalCollections.proposals, proposalId);
    if (!before) return;
    const at = recorded.metadata.at;
    switch (event.type) {
      case 'VoteCast': {
        if (before.votes.some((v) => v.voter === event.data.voter)) return;
        const votes = [...before.votes, { ...event.data, at }];
        replace(docs, before, { ...before, votes, tally: tallyOf(votes.map((v) => v.vote)) });
        return;
      }
      case 'ProposalApproved':
      case 'ProposalRejected':
      case 'ProposalExpired': {
        if (before.status !== 'open') return;
        const status = event.type === 'ProposalApproved' ? 'approved' : event.type === 'ProposalRejected' ? 'rejected' : 'expired';
        replace(docs, before, { ...before, status, decidedAt: at });
        return;
      }
      case 'ProposalImplemented':
        if (before.status !== 'approved') return;
        replace(docs, before, { ...before, status: 'implemented', implementedAt: at, implementedBy: event.data.by });
        return;
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  },
};
