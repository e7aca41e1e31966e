import type { Tally, Vote } from './events.js';

export type Outcome = 'approved' | 'rejected' | 'open';

export const tallyOf = (votes: Iterable<Vote>): Tally => {
  let inFavour = 0;
  let against = 0;
  for (const v of votes) v === 'for' ? inFavour++ : against++;
  const total = inFavour + against;
  return { for: inFavour, against, total, rate: total === 0 ? 0 : Math.round((inFavour / total) * 10_000) / 10_000 };
};

/**
 * Consensus (SPEC §3.5): nothing is decided below the quorum; then a share of `threshold` or more for approves, the
 * same share against rejects, anything between stays open (with quorum 3 and threshold 0.6: 2–1 approves, 1–2
 * rejects, 2–2 stays open, 3–2 approves). Shares are compared as counts so 3/5 against 0.6 has no rounding error.
 */
export const outcomeOf = (tally: Tally, quorum: number, threshold: number): Outcome => {
  if (tally.total < quorum) return 'open';
  if (tally.for >= threshold * tally.total - 1e-9) return 'approved';
  if (tally.against >= threshold * tally.total - 1e-9) return 'rejected';
  return 'open';
};
