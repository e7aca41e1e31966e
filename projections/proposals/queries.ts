import type { ProposalStatus } from '../../domain/proposal/index.js';
import type { DocReader } from '../engine/projection.js';
import { proposalCollections, type ProposalView } from './proposals-projection.js';

const resolve = (reader: DocReader, refs: readonly { proposalId: string }[]): ProposalView[] =>
  refs.map((r) => reader.get<ProposalView>(proposalCollections.proposals, r.proposalId)).filter((p): p is ProposalView => p !== undefined);

export const findProposal = (reader: DocReader, proposalId: string): ProposalView | undefined =>
  reader.get<ProposalView>(proposalCollections.proposals, proposalId);

/** Proposals newest first, of one status or all. */
export const listProposals = (reader: DocReader, options: { status?: ProposalStatus; limit?: number } = {}): ProposalView[] => {
  const limit = options.limit ?? 50;
  const refs =
    options.status === undefined
      ? reader.page<{ proposalId: string }>(proposalCollections.all, { limit })
      : reader.page<{ proposalId: string }>(proposalCollections.byStatus, { prefix: `${options.status}|`, limit });
  return resolve(reader, refs);
};

export const countProposals = (reader: DocReader, status: ProposalStatus): number => reader.count(proposalCollections.byStatus, `${status}|`);

/** Open proposals whose voting window has closed at `now`, earliest first (for the proposal expiry process). */
export const proposalsDueToExpire = (reader: DocReader, now: string, limit = 100): ProposalView[] => {
  const nowMs = Date.parse(now);
  const due: ProposalView[] = [];
  for (const ref of reader.page<{ proposalId: string }>(proposalCollections.openByExpiry, { limit: limit * 4 })) {
    const p = findProposal(reader, ref.proposalId);
    if (!p) continue;
    if (Date.parse(p.expiresAt) > nowMs || due.length >= limit) break;
    due.push(p);
  }
  return due;
};

/** Resolves a full proposal id or a unique prefix (ids are long; people type the start). */
export const resolveProposalId = (
  reader: DocReader,
  idOrPrefix: string,
): { kind: 'found'; proposal: ProposalView } | { kind: 'ambiguous'; matches: string[] } | { kind: 'none' } => {
  const exact = findProposal(reader, idOrPrefix);
  if (exact) return { kind: 'found', proposal: exact };
  if (idOrPrefix.length < 4) return { kind: 'none' };
  const matches = reader.page<ProposalView>(proposalCollections.proposals, { prefix: idOrPrefix, limit: 5 });
  if (matches.length === 1) return { kind: 'found', proposal: matches[0]! };
  if (matches.length > 1) return { kind: 'ambiguous', matches: matches.map((m) => m.proposalId) };
  return { kind: 'none' };
};
