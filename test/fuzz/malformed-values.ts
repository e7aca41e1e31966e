/**
 * Deterministic malformed input for the fuzz tests: a seeded PRNG (mulberry32) and the kinds of bad values an edge
 * must refuse cleanly. The seed is printed with every failure, so a failing case can be replayed.
 */
export interface Random {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export const seededRandom = (seed: number): Random => {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
};

/** The seed of this run: FUZZ_SEED when set, else a fixed one (so `npm test` is repeatable). */
export const fuzzSeed = (): number => (process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20_261_203);

/** Characters no name or id may hold (and, but for the bidi ones, no text either). */
export const poison = {
  nul: '\u0000',
  escape: '\u001b[31m',
  bell: '\u0007',
  c1: '\u009b',
  rtlOverride: '\u202e',
  ltrEmbedding: '\u202a',
  rtlIsolate: '\u2067',
  popIsolate: '\u2069',
  loneHigh: '\ud800',
  loneLow: '\udfff',
} as const;

const poisonForNames = Object.values(poison);
const poisonForText = [poison.nul, poison.escape, poison.bell, poison.c1, poison.loneHigh, poison.loneLow];

/** A string with one character that breaks the rules of its kind, somewhere in the middle. */
export const poisoned = (r: Random, kind: string, base = 'fuzz'): string => {
  const bad = r.pick(kind === 'text' || kind === 'json' ? poisonForText : poisonForNames);
  const at = r.int(0, base.length);
  return `${base.slice(0, at)}${bad}${base.slice(at)}`;
};

/** A string longer than `max` characters (sometimes by one, sometimes by far), of mixed characters. */
export const overLong = (r: Random, max: number): string => {
  const length = r.pick([max + 1, max + r.int(2, 50), max * 2 + r.int(0, 1000)]);
  const unit = r.pick(['x', 'é', '名', 'ab c']);
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, Math.max(length, max + 1));
};

/** JSON text of arrays or objects nested `levels` deep. */
export const deepJson = (r: Random, levels: number): string =>
  r.next() < 0.5 ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** A nesting depth past the limit of 32: just past it, or thousands deep (the depth that once overflowed the stack). */
export const tooDeep = (r: Random): number => r.pick([33, r.int(34, 200), r.int(1_000, 5_000), 4_100]);

/** Text that is not JSON, or not quite. */
export const brokenJson = (r: Random): string =>
  r.pick([
    '{',
    '}',
    '{"a":',
    '{"a" 1}',
    "{'a': 1}",
    '{"a":1,}',
    '[1,2',
    'nul',
    'undefined',
    'NaN',
    '{"a":tru}',
    '\ufeff{"a":',
    '{"a":"\\x41"}',
    '{"a":"\\u12"}',
    '{"a":1}{"b":2}',
    '<xml/>',
    '\u0000',
    'a=1&b=2',
    '{"a":"' + 'x'.repeat(r.int(1, 100)),
    String.fromCharCode(...Array.from({ length: r.int(1, 40) }, () => r.int(0, 255))),
  ]);
