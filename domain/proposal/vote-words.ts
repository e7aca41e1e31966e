import type { Vote } from './events.js';

/** The words the original CLI accepted for each side (CLI-SW-04), compared case-insensitively. */
export const voteWords: Readonly<Record<Vote, readonly string[]>> = {
  for: ['for', 'yes', 'approve', '+1', '👍'],
  against: ['against', 'no', 'reject', '-1', '👎'],
};

/** The vote a word stands for; an unknown word is no vote at all (the original counted it as "against"). */
export const voteFromWord = (word: string): Vote | undefined => {
  const w = word.trim().toLowerCase();
  if (voteWords.for.includes(w)) return 'for';
  if (voteWords.against.includes(w)) return 'against';
  return undefined;
};

export const acceptedVoteWords = `for: ${voteWords.for.join(', ')}; against: ${voteWords.against.join(', ')}`;
