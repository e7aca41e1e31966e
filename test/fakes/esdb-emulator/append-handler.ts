// Streams.Append (client streaming): one `options` message (stream, expected revision), then one `proposed_message`
// per event; the answer comes when the client half-closes.
import { Metadata, status, type sendUnaryData, type ServerReadableStream } from '@grpc/grpc-js';
import type { AppendReq as AppendRequest, AppendResp as AppendResponse } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import type { AppendOutcome, EmulatorLog, ExpectedState, ProposedEvent } from './emulator-log.js';
import { AppendResp, Empty, streamNameOf, uuidToString } from './protocol.js';

type AppendCall = ServerReadableStream<AppendRequest, AppendResponse>;

const expectedStateOf = (options: AppendRequest.Options): ExpectedState => {
  if (options.hasRevision()) return { kind: 'revision', revision: Number(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
};

const proposedEvent = (message: AppendRequest.ProposedMessage): ProposedEvent => {
  const map = message.getMetadataMap();
  return {
    id: uuidToString(message.getId()),
    type: map.get('type') ?? '',
    contentType: map.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
};

const response = (outcome: AppendOutcome, expected: ExpectedState, olderServer: boolean): AppendResponse => {
  if (outcome.kind === 'success') {
    const success = new AppendResp.Success();
    if (outcome.lastRevision === 'no_stream') success.setNoStream(new Empty());
    else success.setCurrentRevision(String(outcome.lastRevision));
    // Nodes before 22.x answered a recognised retry without a position.
    if (outcome.position === undefined || (olderServer && outcome.retried)) success.setNoPosition(new Empty());
    else success.setPosition(new AppendResp.Position().setCommitPosition(String(outcome.position)).setPreparePosition(String(outcome.position)));
    return new AppendResp().setSuccess(success);
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(String(outcome.current));
  if (expected.kind === 'revision') wrong.setExpectedRevision(String(expected.revision));
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return new AppendResp().setWrongExpectedVersion(wrong);
};

/** The server's limit on the proposed messages of one append (`MaxAppendSize`, 1 MiB by default). */
const appendTooLarge = (maxAppendSize: number) => {
  const metadata = new Metadata();
  metadata.set('exception', 'maximum-append-size-exceeded');
  metadata.set('maximum-append-size', String(maxAppendSize));
  return { code: status.INVALID_ARGUMENT, details: `Maximum Append Size of ${maxAppendSize} Exceeded.`, metadata };
};

export const appendHandler =
  (log: EmulatorLog, maxAppendSize: number, olderServer: boolean) =>
  (call: AppendCall, callback: sendUnaryData<AppendResponse>): void => {
    let options: AppendRequest.Options | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: Parameters<typeof callback>[0]) => {
      if (failed) return;
      failed = true;
      callback(error);
    };
    call.on('data', (request: AppendRequest) => {
      if (failed) return;
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) {
        const message = request.getProposedMessage()!;
        size += message.serializeBinary().length;
        if (size > maxAppendSize) return fail(appendTooLarge(maxAppendSize));
        events.push(proposedEvent(message));
      }
    });
    call.on('end', () => {
      if (failed) return;
      if (!options) return fail({ code: status.INVALID_ARGUMENT, details: 'Append without options' });
      const expected = expectedStateOf(options);
      callback(null, response(log.append(streamNameOf(options.getStreamIdentifier()), expected, events), expected, olderServer));
    });
  };
