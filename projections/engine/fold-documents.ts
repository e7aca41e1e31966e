import { byKey } from './memory-docs.js';

/** A document a fold from 0 changes in place before handing it over. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type Collections = [string, [string, unknown][]][];

const byFirst = ([a]: readonly [string, unknown], [b]: readonly [string, unknown]) => byKey(a, b);

/** A map's entries in key order, as a collection of `FoldFromStart.documents()` (empty maps give no collection). */
export const collectionOf = (name: string, docs: ReadonlyMap<string, unknown>): Collections =>
  docs.size === 0 ? [] : [[name, [...docs.entries()].sort(byFirst)]];

/** Collections folded in separate structures (disjoint names), as one list in collection order. */
export const mergeCollections = (...parts: Collections[]): Collections => parts.flat().sort(byFirst);
