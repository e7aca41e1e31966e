// The port's `$all` filters as the client's server-side subscription filters. System events are always left out;
// matches are checked again on arrival (`matchesFilter`), so the server filter only has to narrow, not be exact.
import { eventTypeFilter, excludeSystemEvents, streamNameFilter, type Filter } from '@kurrent/kurrentdb-client';
import type { EventFilter } from '../../../domain/log/event-store.js';

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regex that never matches: an empty list of event types selects nothing. */
const NOTHING = '(?!)';

export const toServerFilter = (filter: EventFilter | undefined): Filter => {
  if (!filter) return excludeSystemEvents();
  if ('eventTypes' in filter) {
    const alternatives = filter.eventTypes.map(escapeRegex).join('|');
    return eventTypeFilter({ regex: filter.eventTypes.length === 0 ? NOTHING : `^(?:${alternatives})$` });
  }
  // An empty prefix list would make the server fall back to its (empty, match-all) regex: the arrival check drops all.
  if ('eventTypePrefixes' in filter) return eventTypeFilter({ prefixes: [...filter.eventTypePrefixes] });
  return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
};
