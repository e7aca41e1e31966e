// Events across the boundary: the port's `EventData` becomes a JSON event (metadata as the ESDB event metadata),
// and everything read back is decoded through `RecordedEventCodec`: the log is a boundary, its contents are checked.
import { jsonEvent, type EventData as EsdbEventData, type JSONType, type RecordedEvent as EsdbRecordedEvent } from '@kurrent/kurrentdb-client';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Errors } from 'io-ts';
import { RecordedEventCodec, type EventData, type RecordedEvent } from '../../../domain/log/envelope.js';
import { positionOf } from './esdb-positions.js';

/** The fields that failed, e.g. `metadata.correlationId, metadata.at` (io-ts's own report repeats the whole type). */
const failedFields = (errors: Errors): string =>
  [...new Set(errors.map((e) => e.context.map((c) => c.key).filter((key) => key !== '' && !/^\d+$/.test(key)).join('.')))].join(', ');

export const toEsdbEvent = (event: EventData): EsdbEventData =>
  // Any JSON value is valid data; the client only serialises it. `undefined` is stored as null, as the SQLite store does.
  jsonEvent({ id: event.id, type: event.type, data: (event.data ?? null) as JSONType, metadata: event.metadata });

/**
 * A recorded event from the server, checked against the envelope codec. Every writer goes through this port, so an
 * event that fails (binary content, missing metadata) is corruption or a foreign writer: it throws, it is not a Left.
 */
export const fromEsdbEvent = (event: EsdbRecordedEvent | undefined): RecordedEvent => {
  if (!event) throw new Error('the server sent a read response without an event');
  // Named only on a failure: a fold reads every event of the log.
  const where = () => `event ${event.id} in ${event.streamId} at revision ${event.revision}`;
  if (!event.isJson) throw new Error(`${where()} is not JSON`);
  const recorded = {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    stream: event.streamId,
    revision: Number(event.revision),
    position: positionOf(event.position),
  };
  // The codec transforms nothing, so `is` accepts exactly what `decode` does without building a result per field
  // (a fold reads every event of the log); `decode` runs only to name what failed.
  if (RecordedEventCodec.is(recorded)) return recorded;
  const decoded = RecordedEventCodec.decode(recorded);
  if (isLeft(decoded)) throw new Error(`${where()} is not a swarmlog event (bad ${failedFields(decoded.left)})`);
  return decoded.right;
};
