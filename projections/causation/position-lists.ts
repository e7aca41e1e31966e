import type { DocReader, DocWriter } from '../engine/projection.js';

/**
 * A multimap from strings to ascending log positions, packed into few documents: a log of N events has about
 * 2N values to index (ids, streams, correlations, causes, runs), and one document per value made the causation
 * index the slowest read model to rebuild. Values are spread over hash buckets by linear hashing (the bucket count
 * grows one at a time with the number of values, about `perBucket` values per bucket), so a lookup reads two small
 * documents and an append rewrites one bucket. A value's first `inline` positions live in its bucket; past that,
 * its positions move to numbered chunks of `chunk` positions, and the bucket keeps their count (a stream of heavy
 * traffic never makes its bucket large). The layout depends only on the order values were added, so folding in
 * batches and folding at once give the same documents.
 */

const collections = { meta: 'meta', buckets: 'buckets', chunks: 'chunks' } as const;
const META_KEY = 'lists';
const perBucket = 64;
const inline = 16;
const chunk = 256;

interface Meta {
  /** Distinct values held. */
  readonly values: number;
  /** Buckets in use (0 … buckets-1). */
  readonly buckets: number;
}

/** Positions in the bucket, or how many positions the value has in chunks. */
type Bucket = Record<string, number[] | number>;

/**
 * A new bucket without a prototype: V8 keeps such objects as hash tables from the start, where a plain `{}` would
 * build a new hidden class for every value added (about 3x slower over millions of distinct values).
 */
const emptyBucket = (): Bucket => Object.create(null) as Bucket;

/** FNV-1a over UTF-16 code units: fast, and stable across runs (the layout is persisted). */
const hash = (value: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h >>> 0;
};

/** The largest power of two not above `n`. */
const lowPower = (n: number): number => 2 ** Math.floor(Math.log2(n));

/** Linear hashing's address of a hash among `buckets` buckets. */
const address = (h: number, buckets: number): number => {
  const low = lowPower(buckets);
  const a = h % (low * 2);
  return a < buckets ? a : h % low;
};

const bucketKey = (n: number) => String(n).padStart(9, '0');
// The chunk number has a fixed width, so a value is the key minus its last 11 characters: keys never collide.
const chunkKey = (value: string, n: number) => `${value}|${String(n).padStart(10, '0')}`;

const metaOf = (docs: DocReader): Meta => docs.get<Meta>(collections.meta, META_KEY) ?? { values: 0, buckets: 1 };

/** Adds one bucket by splitting the next bucket in line (its values move by one more bit of their hash). */
const split = (docs: DocWriter, meta: Meta): Meta => {
  const low = lowPower(meta.buckets);
  const from = meta.buckets - low;
  const old = docs.get<Bucket>(collections.buckets, bucketKey(from)) ?? emptyBucket();
  const stay = emptyBucket();
  const moved = emptyBucket();
  for (const value of Object.keys(old)) (hash(value) % (low * 2) === from ? stay : moved)[value] = old[value]!;
  docs.put(collections.buckets, bucketKey(from), stay);
  docs.put(collections.buckets, bucketKey(meta.buckets), moved);
  return { values: meta.values, buckets: meta.buckets + 1 };
};

/**
 * Records that `value` occurs at `position`. Positions are added in log order: one at or before the value's last
 * is a redelivery and changes nothing.
 */
export const addPosition = (docs: DocWriter, value: string, position: number): void => {
  let meta = metaOf(docs);
  const key = bucketKey(address(hash(value), meta.buckets));
  const bucket = docs.get<Bucket>(collections.buckets, key) ?? emptyBucket();
  const held = bucket[value];
  if (held === undefined) {
    bucket[value] = [position];
    docs.put(collections.buckets, key, bucket);
    meta = { values: meta.values + 1, buckets: meta.buckets };
    while (meta.values > meta.buckets * perBucket) meta = split(docs, meta);
    docs.put(collections.meta, META_KEY, meta);
    return;
  }
  if (typeof held !== 'number') {
    if (position <= held[held.length - 1]!) return;
    held.push(position);
    if (held.length > inline) {
      docs.put(collections.chunks, chunkKey(value, 0), held);
      bucket[value] = held.length;
    }
    docs.put(collections.buckets, key, bucket);
    return;
  }
  const lastChunk = Math.floor((held - 1) / chunk);
  if (held % chunk === 0) {
    const last = docs.get<number[]>(collections.chunks, chunkKey(value, lastChunk))!;
    if (position <= last[last.length - 1]!) return;
    docs.put(collections.chunks, chunkKey(value, lastChunk + 1), [position]);
  } else {
    const last = docs.get<number[]>(collections.chunks, chunkKey(value, lastChunk))!;
    if (position <= last[last.length - 1]!) return;
    last.push(position);
    docs.put(collections.chunks, chunkKey(value, lastChunk), last);
  }
  bucket[value] = held + 1;
  docs.put(collections.buckets, key, bucket);
};

/** How a value's positions are held: inline, or as a count of positions in chunks. */
const heldFor = (docs: DocReader, value: string): number[] | number | undefined => {
  const meta = metaOf(docs);
  return docs.get<Bucket>(collections.buckets, bucketKey(address(hash(value), meta.buckets)))?.[value];
};

/** Every position of `value`, ascending. */
export const positionsOf = (docs: DocReader, value: string): number[] => {
  const held = heldFor(docs, value);
  if (held === undefined) return [];
  if (typeof held !== 'number') return held;
  const out: number[] = [];
  for (let n = 0; n * chunk < held; n++) out.push(...(docs.get<number[]>(collections.chunks, chunkKey(value, n)) ?? []));
  return out;
};

/** The positions of `value`, newest first, a chunk at a time (a caller stops reading when it has enough). */
export function* newestPositionsOf(docs: DocReader, value: string): Generator<number> {
  const held = heldFor(docs, value);
  if (held === undefined) return;
  if (typeof held !== 'number') {
    for (let i = held.length - 1; i >= 0; i--) yield held[i]!;
    return;
  }
  for (let n = Math.floor((held - 1) / chunk); n >= 0; n--) {
    const positions = docs.get<number[]>(collections.chunks, chunkKey(value, n)) ?? [];
    for (let i = positions.length - 1; i >= 0; i--) yield positions[i]!;
  }
}

/**
 * The documents `addPosition` leaves after a sequence of adds, built in one go for a fold from position 0: values
 * and their positions are gathered in a plain map, then laid out once. Linear hashing's final layout depends only
 * on the number of values (the bucket count) and their first-insertion order (each bucket keeps its values in the
 * order they were first added, through every split), so it can be computed at the end.
 */
export const createPositionListsBuilder = () => {
  const lists = new Map<string, number[]>();
  return {
    /** As `addPosition`: a position at or before the value's last changes nothing. */
    add(value: string, position: number): void {
      const held = lists.get(value);
      if (held === undefined) lists.set(value, [position]);
      else if (position > held[held.length - 1]!) held.push(position);
    },
    /** `meta`, `buckets` and `chunks` documents, each collection's keys in ascending order. */
    documents(): [string, [string, unknown][]][] {
      if (lists.size === 0) return [];
      const buckets = Math.max(1, Math.ceil(lists.size / perBucket));
      const bucketDocs = Array.from({ length: buckets }, emptyBucket);
      const chunks: [string, number[]][] = [];
      for (const [value, positions] of lists) {
        const bucket = bucketDocs[address(hash(value), buckets)]!;
        if (positions.length <= inline) {
          bucket[value] = positions;
          continue;
        }
        bucket[value] = positions.length;
        for (let n = 0; n * chunk < positions.length; n++) chunks.push([chunkKey(value, n), positions.slice(n * chunk, (n + 1) * chunk)]);
      }
      chunks.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const meta: Meta = { values: lists.size, buckets };
      return [
        [collections.buckets, bucketDocs.map((doc, n) => [bucketKey(n), doc] as [string, unknown])],
        ...(chunks.length > 0 ? [[collections.chunks, chunks] as [string, [string, unknown][]]] : []),
        [collections.meta, [[META_KEY, meta]]],
      ];
    },
  };
};
