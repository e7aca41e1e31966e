import type { DocWriter } from './projection.js';

export const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Index of the first key not below `key` in a sorted array. */
export const lowerBound = (keys: readonly string[], key: string): number => {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * One collection held in memory: a map of documents, and its keys in order only once something pages, counts or
 * lists it (then kept in step by binary insertion). Most collections are only ever read by key during a fold, so
 * they never pay for order.
 */
class MemoryCollection {
  readonly docs = new Map<string, unknown>();
  private ordered: string[] | undefined;

  put(key: string, doc: unknown): void {
    if (this.ordered && !this.docs.has(key)) {
      const keys = this.ordered;
      // Keys mostly arrive in order (positions, times): appending is the common case.
      if (keys.length === 0 || keys[keys.length - 1]! < key) keys.push(key);
      else keys.splice(lowerBound(keys, key), 0, key);
    }
    this.docs.set(key, doc);
  }

  delete(key: string): void {
    if (!this.docs.delete(key) || !this.ordered) return;
    this.ordered.splice(lowerBound(this.ordered, key), 1);
  }

  keys(): string[] {
    return (this.ordered ??= [...this.docs.keys()].sort(byKey));
  }

  /** The range of ordered keys starting with `prefix`. */
  range(prefix: string): { keys: string[]; from: number; to: number } {
    const keys = this.keys();
    if (prefix === '') return { keys, from: 0, to: keys.length };
    const from = lowerBound(keys, prefix);
    let to = from;
    while (to < keys.length && keys[to]!.startsWith(prefix)) to++;
    return { keys, from, to };
  }
}

/** Documents of one projection in memory, by collection. */
export type MemoryDocs = Map<string, MemoryCollection>;

export const createMemoryDocs = (): MemoryDocs => new Map();

/** Every document of `docs` as `[collection, [[key, doc], …]]`, both levels in key order. */
export const sortedDocs = (docs: MemoryDocs): [string, [string, unknown][]][] =>
  [...docs.entries()]
    .filter(([, c]) => c.docs.size > 0)
    .sort(([a], [b]) => byKey(a, b))
    .map(([name, c]) => [name, c.keys().map((k) => [k, c.docs.get(k)] as [string, unknown])]);

/** A writer over in-memory documents (stored as given: the store keeps the objects it is handed). */
export const memoryWriter = (docs: MemoryDocs): DocWriter => {
  const collection = (name: string) => {
    let c = docs.get(name);
    if (!c) docs.set(name, (c = new MemoryCollection()));
    return c;
  };
  return {
    get: <T>(name: string, key: string) => docs.get(name)?.docs.get(key) as T | undefined,
    all: <T>(name: string) => {
      const c = docs.get(name);
      return c ? c.keys().map((k) => c.docs.get(k) as T) : [];
    },
    page: <T>(name: string, options: { prefix?: string; limit?: number }) => {
      const c = docs.get(name);
      if (!c) return [];
      const { keys, from, to } = c.range(options.prefix ?? '');
      const end = Math.min(to, from + (options.limit ?? Number.MAX_SAFE_INTEGER));
      const out: T[] = [];
      for (let i = from; i < end; i++) out.push(c.docs.get(keys[i]!) as T);
      return out;
    },
    count: (name, prefix = '') => {
      const c = docs.get(name);
      if (!c) return 0;
      const { from, to } = c.range(prefix);
      return to - from;
    },
    put: (name, key, doc) => collection(name).put(key, doc),
    delete: (name, key) => docs.get(name)?.delete(key),
  };
};
