import { EventMetadata, type RecordedEvent } from '../../../domain/log/envelope.js';

/** Column order of every event query: SELECT position, id, stream, revision, type, data, metadata. */
export const EVENT_COLUMNS = 'position, id, stream, revision, type, data, metadata';
export type EventRow = [number, string, string, number, string, string, string];

/**
 * Rows come back from the log, a boundary: the metadata is checked against its codec. A row that fails is
 * corruption (every writer goes through the port), so it throws rather than returning a Left.
 */
export const rowToEvent = (row: EventRow): RecordedEvent => {
  const [position, id, stream, revision, type, data, metadata] = row;
  const meta: unknown = JSON.parse(metadata);
  if (!EventMetadata.is(meta)) throw new Error(`event at position ${position} has malformed metadata: ${metadata.slice(0, 200)}`);
  return { position, id, stream, revision, type, data: JSON.parse(data), metadata: meta };
};
