import { EventMetadata, type RecordedEvent } from '../../../domain/log/envelope.js';

/** Column order of every event query: SELECT position, id, stream, revision, type, data, metadata. */
export const EVENT_COLUMNS = 'position, id, stream, revision, type, data, metadata';
export type EventRow = [number, string, string, number, string, string, string];

/**
 * Rows come back from the log, a boundary: the metadata is checked against its codec. A row that fails is
 * corruption (every writer goes through the port), so it throws rather than returning a Left.
 */
const metadataOf = (position: number, metadata: string): EventMetadata => {
  const meta: unknown = JSON.parse(metadata);
  if (!EventMetadata.is(meta)) throw new Error(`event at position ${position} has malformed metadata: ${metadata.slice(0, 200)}`);
  return meta;
};

/**
 * A page of rows as events. The events of one append share their metadata (same command, actor and time), so a
 * row whose metadata text equals the previous row's shares its decoded metadata (read-only) rather than parsing
 * it again: about two events in five in a swarm's log.
 */
export const rowsToEvents = (rows: readonly EventRow[]): RecordedEvent[] => {
  const events: RecordedEvent[] = new Array(rows.length);
  let lastText = '';
  let last: EventMetadata | undefined;
  for (let i = 0; i < rows.length; i++) {
    const [position, id, stream, revision, type, data, text] = rows[i]!;
    const metadata = text === lastText && last !== undefined ? last : metadataOf(position, text);
    lastText = text;
    last = metadata;
    events[i] = { position, id, stream, revision, type, data: JSON.parse(data), metadata };
  }
  return events;
};
