import type { EventFilter } from '../../../domain/log/event-store.js';

/** Turns a port filter into a SQL condition and its parameters (prefixes use substr, so no LIKE escaping is needed). */
export const filterSql = (filter: EventFilter | undefined): { sql: string; params: unknown[] } => {
  if (!filter) return { sql: '1', params: [] };
  if ('eventTypes' in filter) {
    if (filter.eventTypes.length === 0) return { sql: '0', params: [] };
    // One type: a range of `events_by_type`, already in position order. Several: the unary `+` keeps SQLite on the
    // position range, in order, as before the index existed; through the index it would gather every match after
    // the cursor and sort them for each page (a rebuild's thousand pages each sorting most of the log). A read of
    // types that are few in its range goes through the index another way (sparse-type-reads).
    if (filter.eventTypes.length === 1) return { sql: 'type = ?', params: [...filter.eventTypes] };
    return { sql: `+type IN (${filter.eventTypes.map(() => '?').join(',')})`, params: [...filter.eventTypes] };
  }
  const column = 'eventTypePrefixes' in filter ? 'type' : 'stream';
  const prefixes = 'eventTypePrefixes' in filter ? filter.eventTypePrefixes : filter.streamPrefixes;
  if (prefixes.length === 0) return { sql: '0', params: [] };
  return {
    sql: `(${prefixes.map(() => `substr(${column}, 1, ?) = ?`).join(' OR ')})`,
    params: prefixes.flatMap((p) => [p.length, p]),
  };
};
