// What Append and BatchAppend have in common: the events they propose, and the node's answers that are statuses.
import { Metadata, status } from '@grpc/grpc-js';
import type { ProposedEvent } from './emulator-log.js';
import { uuidToString } from './protocol.js';
import type { UUID } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';

/** Both calls' ProposedMessage have these accessors. */
export interface ProposedMessage {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
  serializeBinary(): Uint8Array;
}

export const proposedEvent = (message: ProposedMessage): ProposedEvent => {
  const map = message.getMetadataMap();
  return {
    id: uuidToString(message.getId()),
    type: map.get('type') ?? '',
    contentType: map.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

/** The proposed messages' size as the server counts it against `MaxAppendSize`. */
export const proposedSize = (messages: readonly ProposedMessage[]): number => messages.reduce((sum, m) => sum + m.serializeBinary().length, 0);

/** A call refused with the server's exception trailers (how the Append call reports errors). */
export const exception = (code: status, details: string, entries: Record<string, string>) => {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(entries)) metadata.set(key, value);
  return { code, details, metadata };
};

export const CONNECTION_DROPPED = { code: status.UNAVAILABLE, details: 'Connection dropped' };
