import { embeddingDimension, type Embedder } from '../../processes/memory/embedder.js';

// Words too common to say what a text is about; without them two unrelated sentences share little.
export const stopWords: ReadonlySet<string> = new Set(
  ('a an and are as at be been but by can do does for from had has have how i if in into is it its itself me my no not ' +
    'of on or our so than that the their them then there these they this those to too us was we were what when where ' +
    'which while who why will with would you your').split(' '),
);

/** FNV-1a, 32 bits: fast, stable across machines and versions (the index depends on it staying the same). */
const fnv1a = (text: string, seed = 0x811c9dc5): number => {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
};

/** The words of a text that say what it is about: lower-cased letters and digits, stop words left out. */
export const contentWords = (text: string): string[] =>
  (text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !stopWords.has(w));

/** Feature weights: a shared word counts most, a shared pair of words adds order, shared trigrams catch word forms. */
const wordWeight = 1;
const pairWeight = 0.7;
const trigramWeight = 0.25;

const add = (vector: Float32Array, feature: string, weight: number) => {
  const h = fnv1a(feature);
  // A second hash picks the sign, so collisions cancel out on average instead of piling up (signed feature hashing).
  const sign = fnv1a(feature, 0x9747b28c) & 1 ? 1 : -1;
  vector[h % embeddingDimension]! += sign * weight;
};

/** The embedding of one text: hashed word unigrams, bigrams and character trigrams, L2-normalised. */
export const hashEmbedding = (text: string): Float32Array => {
  const vector = new Float32Array(embeddingDimension);
  let tokens = contentWords(text);
  // A text of stop words or symbols only still gets a direction of its own.
  if (tokens.length === 0) tokens = [text.trim().toLowerCase() || '∅'];
  tokens.forEach((w, i) => {
    add(vector, `w:${w}`, wordWeight);
    if (i > 0) add(vector, `b:${tokens[i - 1]} ${w}`, pairWeight);
    const padded = `<${w}>`;
    for (let c = 0; c + 3 <= padded.length; c++) add(vector, `c:${padded.slice(c, c + 3)}`, trigramWeight);
  });
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < vector.length; i++) vector[i]! /= norm;
  return vector;
};

/**
 * The deterministic local embedder (SPEC §8): no model, no network, the same vector for the same text on every
 * machine. It knows words, not meanings: "cheap" and "inexpensive" are unrelated to it, texts sharing words or word
 * forms are close. Used when all-MiniLM-L6-v2 is not available.
 */
export const localHashEmbedder: Embedder = {
  kind: 'local-hash',
  name: 'local-hash',
  id: 'local-hash@1',
  embed: async (texts) => texts.map(hashEmbedding),
};
