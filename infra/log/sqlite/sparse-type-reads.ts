import { EVENT_COLUMNS } from './sqlite-rows.js';

/**
 * Reads of a log range filtered by several event types that the range holds few of. The page query of such a filter
 * (see sqlite-filter) reads the position range itself, every row of it, which suits a filter that wants most of them;
 * for a few it read everything for nothing: a new host's memory index, 1,008 events of the 100,004 of bench:ui's log,
 * took 375 ms to read so. Those are read as one ordered range of `events_by_type` per type instead, merged by SQLite
 * (a compound SELECT in position order: no sort, and each page stops at its limit).
 */

/**
 * Through the type index when the types are at most one in this many events of the range. Measured over bench:ui's
 * log, index against range: 1,008 memory events of 100,004 in 4–6 ms against 37–47 ms; 24,040 events of 36 types (one
 * in four) 69 against 67–80 ms; 75,994 events of 21 types 160 against 115 ms.
 */
export const SPARSE_FILTER_RATIO = 8;

/** The most types merged so (SQLite allows 500 terms in a compound SELECT: each type is one). */
export const MAX_MERGED_TYPES = 64;

/** Whether `matches` events of `types` distinct types in a range of `range` positions are read through the type index. */
export const readsThroughTypeIndex = (types: number, matches: number, range: number): boolean =>
  types >= 2 && types <= MAX_MERGED_TYPES && matches * SPARSE_FILTER_RATIO < range;

/**
 * How many events of `n` types lie in `(?, ?]`, counted through the index up to a limit (a dense filter's count stops
 * once it is known to be dense: `countLimit`): parameters the n types, the bounds, the limit.
 */
export const typesInRangeSql = (n: number): string =>
  `SELECT count(*) FROM (SELECT 1 FROM events WHERE type IN (${Array.from({ length: n }, () => '?').join(',')}) AND position > ? AND position <= ? LIMIT ?)`;

/** Counting this many matches in a range of `range` positions settles that they are not few (`readsThroughTypeIndex`). */
export const countLimit = (range: number): number => Math.ceil(range / SPARSE_FILTER_RATIO);

/** A page of the events of `n` types in `(?, ?]` in position order: parameters type, after, up-to for each type, then the limit. */
export const mergedTypesPageSql = (n: number): string =>
  `${Array.from({ length: n }, () => `SELECT ${EVENT_COLUMNS} FROM events WHERE type = ? AND position > ? AND position <= ?`).join(' UNION ALL ')} ORDER BY position ASC LIMIT ?`;
