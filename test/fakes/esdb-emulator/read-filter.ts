// Server-side `$all` filters of the Read call: on the stream name or the event type, by prefixes or by a regex.
import type { ReadReq } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import type { StoredEvent } from './emulator-log.js';

export type EventPredicate = (event: StoredEvent) => boolean;

export const everything: EventPredicate = () => true;

/** Like the server: prefixes win when given (any prefix matches), otherwise the regex is searched (not anchored). */
export const filterPredicate = (options: ReadReq.Options): EventPredicate => {
  if (!options.hasFilter()) return everything;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier() : filter.getEventType();
  if (!expression) return everything;
  const field = (e: StoredEvent) => (onStream ? e.stream : e.type);
  const prefixes = expression.getPrefixList();
  if (prefixes.length > 0) return (e) => prefixes.some((p) => field(e).startsWith(p));
  const regex = new RegExp(expression.getRegex());
  return (e) => regex.test(field(e));
};
