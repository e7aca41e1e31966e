// The client's own generated protobuf classes (CommonJS, loaded through their default export), and the few
// conversions between them and the emulator's log that both handlers need.
import sharedPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import type { UUID, StreamIdentifier } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import type { StoredEvent } from './emulator-log.js';

export const { Empty, UUID: UUIDMessage, StreamIdentifier: StreamIdentifierMessage } = sharedPb;
export const { ReadReq, ReadResp, AppendReq, AppendResp } = streamsPb;

export const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');

export const streamIdentifier = (stream: string): StreamIdentifier =>
  new StreamIdentifierMessage().setStreamName(Uint8Array.from(Buffer.from(stream, 'utf8')));

/** UUIDs travel as a string or as two signed 64-bit halves ("structured"), as the request asks. */
export const uuidToString = (uuid: UUID | undefined): string => {
  if (!uuid) throw new Error('event without an id');
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(s.getMostSignificantBits()), 0);
    bytes.writeBigInt64BE(BigInt(s.getLeastSignificantBits()), 8);
    const h = bytes.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  return uuid.getString();
};

const uuidMessage = (id: string, structured: boolean): UUID => {
  if (!structured) return new UUIDMessage().setString(id);
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  return new UUIDMessage().setStructured(
    new UUIDMessage.Structured()
      .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
      .setLeastSignificantBits(bytes.readBigInt64BE(8).toString()),
  );
};

/** What nodes before 22.x sent as the commit position of events read from a stream (they did not know it). */
const UNKNOWN_COMMIT = '18446744073709551615';

/**
 * One `ReadResp` carrying an event with its `$all` position; a modern node fills the commit position for stream
 * reads too, an older one (`commitKnown` false) only the prepare position.
 */
export const eventResponse = (event: StoredEvent, structuredIds: boolean, commitKnown = true) => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(uuidMessage(event.id, structuredIds))
    .setStreamIdentifier(streamIdentifier(event.stream))
    .setStreamRevision(String(event.revision))
    .setCommitPosition(commitKnown ? String(event.position) : UNKNOWN_COMMIT)
    .setPreparePosition(String(event.position))
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  const map = recorded.getMetadataMap();
  map.set('type', event.type);
  map.set('content-type', event.contentType);
  map.set('created', event.created.toString());
  const read = new ReadResp.ReadEvent().setEvent(recorded);
  if (commitKnown) read.setCommitPosition(String(event.position));
  else read.setNoPosition(new Empty());
  return new ReadResp().setEvent(read);
};
