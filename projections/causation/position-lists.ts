import type { DocReader, DocWriter } from '../engine/projection.js';
import { AsciiJson } from './ascii-json.js';

/**
 * A multimap from strings to ascending log positions, packed into few small documents. A log of N events has
 * about 2N values to index (ids, streams, correlations, causes, runs); storing the values themselves made the
 * index larger than the log's metadata, so a value is stored as its 32-bit hash only. Lookups therefore return
 * candidate positions: every position of the value, plus (rarely) positions of another value with the same hash;
 * callers read those events from the log anyway and keep the ones that hold the value (see `queries.ts`).
 *
 * Hashes are spread over buckets by linear hashing (the bucket count grows one at a time with the number of
 * hashes, about `perBucket` per bucket), so a lookup reads one or two small documents and an append rewrites one
 * bucket. A bucket is an array of slots in ascending hash order: `[hash, ...positions]` while a hash has at most
 * `inline` positions, then `[hash, -count]` with its positions in numbered chunks of `chunk` positions (a stream of
 * heavy traffic never makes its bucket large). The layout depends only on the set of hashes and their positions,
 * never on the order of folding, so folding in batches and folding at once give the same documents.
 */

const collections = { meta: 'meta', buckets: 'buckets', chunks: 'chunks' } as const;
const META_KEY = 'lists';
const perBucket = 64;
const inline = 16;
const chunk = 256;

interface Meta {
  /** Distinct hashes held. */
  readonly values: number;
  /** Buckets in use (0 … buckets-1). */
  readonly buckets: number;
}

/** `[hash, ...positions]`, or `[hash, -count]` when the positions are in chunks. Positions are ≥ 1. */
type Slot = number[];
type Bucket = Slot[];

/** FNV-1a over UTF-16 code units: fast, and stable across runs (the layout is persisted). */
export const hashOf = (value: string): number => hashAfter(0x811c9dc5, value) >>> 0;

/** FNV-1a steps over a string's code units, from the state `h`. */
const hashAfter = (h: number, value: string): number => {
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return h;
};

/** `hashOf(letter + value)`, without making the joined string. */
const hashOfList = (letter: string, value: string): number => hashAfter(Math.imul(0x811c9dc5 ^ letter.charCodeAt(0), 0x01000193), value) >>> 0;

/** The largest power of two not above `n`. */
const lowPower = (n: number): number => 2 ** Math.floor(Math.log2(n));

/** Linear hashing's address of a hash among `buckets` buckets. */
const address = (h: number, buckets: number): number => {
  const low = lowPower(buckets);
  const a = h % (low * 2);
  return a < buckets ? a : h % low;
};

const bucketKey = (n: number) => String(n).padStart(9, '0');
// Fixed widths (a 32-bit hash is at most 7 base-36 digits), so chunk keys sort by hash, then chunk number.
const chunkKey = (h: number, n: number) => `${h.toString(36).padStart(7, '0')}|${String(n).padStart(10, '0')}`;

const metaOf = (docs: DocReader): Meta => docs.get<Meta>(collections.meta, META_KEY) ?? { values: 0, buckets: 1 };

/** The index of the slot for `h` in a bucket, or where it would go (as `-(index + 1)`). */
const slotIndex = (bucket: Bucket, h: number): number => {
  let lo = 0;
  let hi = bucket.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = bucket[mid]![0]!;
    if (at === h) return mid;
    if (at < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return -(lo + 1);
};

/** Adds one bucket by splitting the next bucket in line (its slots move by one more bit of their hash). */
const split = (docs: DocWriter, meta: Meta): Meta => {
  const low = lowPower(meta.buckets);
  const from = meta.buckets - low;
  const old = docs.get<Bucket>(collections.buckets, bucketKey(from)) ?? [];
  docs.put(collections.buckets, bucketKey(from), old.filter((slot) => slot[0]! % (low * 2) === from));
  docs.put(collections.buckets, bucketKey(meta.buckets), old.filter((slot) => slot[0]! % (low * 2) !== from));
  return { values: meta.values, buckets: meta.buckets + 1 };
};

/**
 * Records that `value` occurs at `position`. Positions are added in log order: one at or before the hash's last
 * is a redelivery (or the same event filed twice under one hash) and changes nothing.
 */
export const addPosition = (docs: DocWriter, value: string, position: number): void => {
  let meta = metaOf(docs);
  const h = hashOf(value);
  const key = bucketKey(address(h, meta.buckets));
  const bucket = docs.get<Bucket>(collections.buckets, key) ?? [];
  const i = slotIndex(bucket, h);
  if (i < 0) {
    bucket.splice(-(i + 1), 0, [h, position]);
    docs.put(collections.buckets, key, bucket);
    meta = { values: meta.values + 1, buckets: meta.buckets };
    while (meta.values > meta.buckets * perBucket) meta = split(docs, meta);
    docs.put(collections.meta, META_KEY, meta);
    return;
  }
  const slot = bucket[i]!;
  if (slot[1]! > 0) {
    if (position <= slot[slot.length - 1]!) return;
    slot.push(position);
    if (slot.length - 1 > inline) {
      docs.put(collections.chunks, chunkKey(h, 0), slot.slice(1));
      bucket[i] = [h, -(slot.length - 1)];
    }
    docs.put(collections.buckets, key, bucket);
    return;
  }
  const held = -slot[1]!;
  const lastChunk = Math.floor((held - 1) / chunk);
  const last = docs.get<number[]>(collections.chunks, chunkKey(h, lastChunk))!;
  if (position <= last[last.length - 1]!) return;
  if (held % chunk === 0) docs.put(collections.chunks, chunkKey(h, lastChunk + 1), [position]);
  else {
    last.push(position);
    docs.put(collections.chunks, chunkKey(h, lastChunk), last);
  }
  slot[1] = -(held + 1);
  docs.put(collections.buckets, key, bucket);
};

/** The slot of `value`'s hash, if it has one. */
const slotFor = (docs: DocReader, value: string): { h: number; slot: Slot } | undefined => {
  const h = hashOf(value);
  const bucket = docs.get<Bucket>(collections.buckets, bucketKey(address(h, metaOf(docs).buckets)));
  if (!bucket) return undefined;
  const i = slotIndex(bucket, h);
  return i < 0 ? undefined : { h, slot: bucket[i]! };
};

/** Every candidate position of `value`, ascending (a superset of its positions: see above). */
export const positionsOf = (docs: DocReader, value: string): number[] => {
  const found = slotFor(docs, value);
  if (!found) return [];
  const { h, slot } = found;
  if (slot[1]! > 0) return slot.slice(1);
  const out: number[] = [];
  for (let n = 0; n * chunk < -slot[1]!; n++) out.push(...(docs.get<number[]>(collections.chunks, chunkKey(h, n)) ?? []));
  return out;
};

/** The candidate positions of `value`, newest first, a chunk at a time (a caller stops reading when it has enough). */
export function* newestPositionsOf(docs: DocReader, value: string): Generator<number> {
  const found = slotFor(docs, value);
  if (!found) return;
  const { h, slot } = found;
  if (slot[1]! > 0) {
    for (let i = slot.length - 1; i >= 1; i--) yield slot[i]!;
    return;
  }
  for (let n = Math.floor((-slot[1]! - 1) / chunk); n >= 0; n--) {
    const positions = docs.get<number[]>(collections.chunks, chunkKey(h, n)) ?? [];
    for (let i = positions.length - 1; i >= 0; i--) yield positions[i]!;
  }
}

/** A growable column of numbers (typed, so millions of entries cost no garbage collection). */
const column = <A extends Uint32Array | Float64Array>(make: (n: number) => A) => {
  let data = make(1 << 16);
  let length = 0;
  return {
    push(v: number) {
      if (length === data.length) {
        const grown = make(data.length * 2);
        grown.set(data);
        data = grown;
      }
      data[length++] = v;
    },
    get length() {
      return length;
    },
    get data() {
      return data;
    },
  };
};

/**
 * One pass of a radix sort: the pairs of `h`/`p` into `h2`/`p2`, stably ordered by the 16 bits of the hash at `shift`.
 * Each loop of the layout is a function of its own: V8 optimizes a long loop while it runs (on-stack replacement), and
 * code of the same function after the loop, not yet run, then lacks type feedback and throws the optimized code away
 * (a cold layout took 115–176 ms, a warm one 34 ms).
 */
const radixPass = (h: Uint32Array, p: Float64Array, h2: Uint32Array, p2: Float64Array, n: number, shift: number): void => {
  const counts = new Uint32Array(65537);
  for (let i = 0; i < n; i++) counts[((h[i]! >>> shift) & 0xffff) + 1]!++;
  for (let d = 1; d <= 65536; d++) counts[d]! += counts[d - 1]!;
  for (let i = 0; i < n; i++) {
    const to = counts[(h[i]! >>> shift) & 0xffff]!++;
    h2[to] = h[i]!;
    p2[to] = p[i]!;
  }
};

/** Pairs in two typed columns being laid out, and the same again to move them into. */
interface Columns {
  readonly h: Uint32Array;
  readonly p: Float64Array;
}

/**
 * The pairs (hash, position) ordered by hash, stably (positions stay in the order they were added), in place: a
 * two-pass radix sort on 16-bit halves that moves the values themselves, so what follows reads them in sequence.
 * Returns the scratch columns it used, free again for the next step (fresh memory costs a page fault a page here).
 */
const sortByHash = (sorted: Columns, n: number): Columns => {
  const spare = { h: new Uint32Array(n), p: new Float64Array(n) };
  radixPass(sorted.h, sorted.p, spare.h, spare.p, n, 0);
  radixPass(spare.h, spare.p, sorted.h, sorted.p, n, 16);
  return spare;
};

/** (hash, position) pairs in two typed columns, positions ascending: what a fold from position 0 gathers. */
export interface PositionPairs {
  readonly hashes: Uint32Array;
  readonly positions: Float64Array;
}

/**
 * Gathers the pairs `addPosition` would file for a sequence of adds (positions in ascending order; one event's
 * values share one), in typed columns: millions of them cost no garbage collection.
 */
export const createPositionPairs = () => {
  const hashes = column((n) => new Uint32Array(n));
  const positions = column((n) => new Float64Array(n));
  return {
    /** As `addPosition(letter + value)`. */
    add(letter: string, value: string, position: number): void {
      hashes.push(hashOfList(letter, value));
      positions.push(position);
    },
    /** The pairs gathered (copies, the length of what was added: they may go to another thread). */
    pairs(): PositionPairs {
      return { hashes: hashes.data.slice(0, hashes.length), positions: positions.data.slice(0, positions.length) };
    },
  };
};

/**
 * Pairs gathered from disjoint sets of events (each part in ascending position order) as one sequence in ascending
 * position order, as one fold over all the events would have gathered them: a merge, since each part is sorted.
 */
export const joinPositionPairs = (parts: readonly PositionPairs[]): PositionPairs => {
  if (parts.length === 0) return { hashes: new Uint32Array(0), positions: new Float64Array(0) };
  // Two at a time (parts are few: one per thread): a two-way merge is a tight loop, where picking among k parts
  // for every pair cost ~100 ns a pair (25–60 ms of a first start's main thread over 100,004 events).
  return parts.reduce(mergeTwo);
};

/** Two parts' pairs merged by position (no position is in both: an event's pairs are all in one part). */
const mergeTwo = (a: PositionPairs, b: PositionPairs): PositionPairs => {
  const ah = a.hashes;
  const ap = a.positions;
  const bh = b.hashes;
  const bp = b.positions;
  const an = ap.length;
  const bn = bp.length;
  const hashes = new Uint32Array(an + bn);
  const positions = new Float64Array(an + bn);
  let i = 0;
  let j = 0;
  let out = 0;
  while (i < an && j < bn) {
    if (ap[i]! < bp[j]!) {
      hashes[out] = ah[i]!;
      positions[out++] = ap[i++]!;
    } else {
      hashes[out] = bh[j]!;
      positions[out++] = bp[j++]!;
    }
  }
  // Whichever part has pairs left ends the sequence.
  hashes.set(i < an ? ah.subarray(i) : bh.subarray(j), out);
  positions.set(i < an ? ap.subarray(i) : bp.subarray(j), out);
  return { hashes, positions };
};

/** How many distinct hashes a hash-ordered column holds. */
const distinctHashes = (h: Uint32Array, n: number): number => {
  let values = 0;
  for (let i = 0; i < n; i++) if (i === 0 || h[i] !== h[i - 1]) values++;
  return values;
};

/**
 * The pairs by bucket, stably (a counting sort) into `into`: within a bucket they stay in hash order, positions
 * ascending, so the documents are written in one pass over the pairs. `starts[b]` is where bucket `b` begins.
 */
const byBucket = (sorted: Columns, n: number, buckets: number, into: Columns): { h: Uint32Array; p: Float64Array; starts: Uint32Array } => {
  const low = lowPower(buckets);
  // A hash's bucket, worked out twice (counting, then placing) rather than kept: a column of them was n × 4 bytes.
  const bucketOf = (hash: number) => {
    const a = hash % (low * 2);
    return a < buckets ? a : hash % low;
  };
  const starts = new Uint32Array(buckets + 1);
  for (let i = 0; i < n; i++) starts[bucketOf(sorted.h[i]!) + 1]!++;
  for (let b = 1; b <= buckets; b++) starts[b]! += starts[b - 1]!;
  const next = starts.slice(0, buckets);
  for (let i = 0; i < n; i++) {
    const to = next[bucketOf(sorted.h[i]!)]!++;
    into.h[to] = sorted.h[i]!;
    into.p[to] = sorted.p[i]!;
  }
  return { ...into, starts };
};

const [open, close, comma] = [91, 93, 44];

/** The JSON texts being written: buckets in one buffer, chunks in another, and the documents cut out of them. */
interface LayoutOutput {
  readonly json: AsciiJson;
  readonly chunkJson: AsciiJson;
  readonly bucketDocs: [string, string][];
  readonly chunkDocs: [string, string][];
}

/** The positions of one hash (pairs `from` … `to`-1) in chunks of `chunk`, as chunk documents. */
const writeChunks = (out: LayoutOutput, hash: number, p: Float64Array, from: number, to: number): void => {
  const { chunkJson } = out;
  let c = 0;
  let inChunk = 0;
  let chunkFrom = 0;
  for (let i = from; i < to; i++) {
    if (i > from && p[i]! <= p[i - 1]!) continue;
    if (inChunk === 0) {
      chunkFrom = chunkJson.mark;
      chunkJson.reserve(2 + 18 * chunk);
      chunkJson.char(open);
    } else chunkJson.char(comma);
    chunkJson.int(p[i]!);
    if (++inChunk === chunk) {
      chunkJson.char(close);
      out.chunkDocs.push([chunkKey(hash, c++), chunkJson.text(chunkFrom)]);
      inChunk = 0;
    }
  }
  if (inChunk > 0) {
    chunkJson.char(close);
    out.chunkDocs.push([chunkKey(hash, c), chunkJson.text(chunkFrom)]);
  }
};

/** One bucket's document: a slot per hash of pairs `start` … `end`-1 (positions inline, or counted and in chunks). */
const writeBucket = (out: LayoutOutput, b: number, h: Uint32Array, p: Float64Array, start: number, end: number): void => {
  const { json } = out;
  const mark = json.mark;
  json.reserve(2);
  json.char(open);
  for (let from = start; from < end; ) {
    const hash = h[from]!;
    let to = from + 1;
    while (to < end && h[to] === hash) to++;
    // The hash's positions are ascending; the same position twice (two values of one event) counts once.
    let count = 0;
    for (let i = from; i < to; i++) if (i === from || p[i]! > p[i - 1]!) count++;
    json.reserve(40 + 18 * Math.min(count, inline));
    if (from > start) json.char(comma);
    json.char(open);
    json.int(hash);
    if (count > inline) {
      json.char(comma);
      json.int(-count);
      writeChunks(out, hash, p, from, to);
    } else
      for (let i = from; i < to; i++) {
        if (i > from && p[i]! <= p[i - 1]!) continue;
        json.char(comma);
        json.int(p[i]!);
      }
    json.char(close);
    from = to;
  }
  json.reserve(1);
  json.char(close);
  out.bucketDocs.push([bucketKey(b), json.text(mark)]);
};

/**
 * The documents `addPosition` leaves after adding `pairs` one by one, laid out at once: the pairs are ordered by
 * hash (positions stay ascending within a hash, as they were added), then written bucket by bucket. The columns
 * given are sorted in place (callers hand over copies: `createPositionPairs().pairs()`, `joinPositionPairs`).
 */
export const positionListDocuments = ({ hashes, positions }: PositionPairs): [string, [string, string][]][] => {
  const n = hashes.length;
  if (n === 0) return [];
  const sorted = { h: hashes, p: positions };
  const spare = sortByHash(sorted, n);
  // The bucket count, hence each hash's bucket, depends on how many distinct hashes there are.
  const values = distinctHashes(sorted.h, n);
  const buckets = Math.max(1, Math.ceil(values / perBucket));
  const { h, p, starts } = byBucket(sorted, n, buckets, spare);
  // About 8 bytes a position and 14 a slot; the buffers grow if that is short.
  const out: LayoutOutput = { json: new AsciiJson(n * 8 + values * 14), chunkJson: new AsciiJson(1 << 20), bucketDocs: [], chunkDocs: [] };
  for (let b = 0; b < buckets; b++) writeBucket(out, b, h, p, starts[b]!, starts[b + 1]!);
  out.chunkDocs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const meta: Meta = { values, buckets };
  return [
    [collections.buckets, out.bucketDocs],
    ...(out.chunkDocs.length > 0 ? [[collections.chunks, out.chunkDocs] as [string, [string, string][]]] : []),
    [collections.meta, [[META_KEY, JSON.stringify(meta)]]],
  ];
};
