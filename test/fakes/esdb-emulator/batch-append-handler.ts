// Streams.BatchAppend (bidirectional streaming), the client's production append path on every server since 21.10:
// one long-lived call per connection carries many appends, each a run of requests sharing a correlation id (the
// first with the options, the last marked final), each answered by one response with that correlation id. Failures
// of one append are `google.rpc.Status` values in its response; a follower refuses the whole call with NotLeader.
import type { ServerDuplexStream } from '@grpc/grpc-js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';
import type { BatchAppendReq as BatchAppendRequest, BatchAppendResp as BatchAppendResponse } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import sharedPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import statusPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js';
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import { runAppend } from './append-faults.js';
import type { AppendOutcome, ExpectedState } from './emulator-log.js';
import type { NodeState } from './node-state.js';
import { callRefusal } from './node-role.js';
import { CONNECTION_DROPPED, proposedEvent, proposedSize, type ProposedMessage } from './proposed-events.js';
import { streamIdentifier, streamNameOf } from './protocol.js';

type BatchAppendCall = ServerDuplexStream<BatchAppendRequest, BatchAppendResponse>;
const { BatchAppendResp } = streamsPb;
const GoogleEmpty = emptyPb.Empty;

/** google.rpc.Code values the server uses for append failures. */
const Code = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, ALREADY_EXISTS: 6, INVALID_ARGUMENT: 3 } as const;

const statusOf = (code: number, message: string, detail: { serializeBinary(): Uint8Array }, typeName: string) => {
  const details = new anyPb.Any();
  details.pack(detail.serializeBinary(), `event_store.client.${typeName}`);
  return new statusPb.Status().setCode(code).setMessage(message).setDetails(details);
};

const expectedStateOf = (options: BatchAppendRequest.Options): ExpectedState => {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: Number(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
};

/** The client's deadline for one append (an absolute time since 21.10, a duration before). */
const deadlineOf = (options: BatchAppendRequest.Options): Date | undefined => {
  if (options.hasDeadline21100()) return options.getDeadline21100()!.toDate();
  if (options.hasDeadline()) {
    const d = options.getDeadline()!;
    return new Date(Date.now() + d.getSeconds() * 1000 + d.getNanos() / 1e6);
  }
  return undefined;
};

const wrongExpectedVersion = (current: number | 'no_stream', expected: ExpectedState) => {
  const wrong = new sharedPb.WrongExpectedVersion();
  if (current === 'no_stream') wrong.setCurrentNoStream(new GoogleEmpty());
  else wrong.setCurrentStreamRevision(String(current));
  if (expected.kind === 'revision') wrong.setExpectedStreamPosition(String(expected.revision));
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new GoogleEmpty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new GoogleEmpty());
  else wrong.setExpectedAny(new GoogleEmpty());
  return statusOf(Code.ALREADY_EXISTS, 'WrongExpectedVersion', wrong, 'WrongExpectedVersion');
};

const responseOf = (outcome: AppendOutcome, stream: string, expected: ExpectedState, olderServer: boolean): BatchAppendResponse => {
  const response = new BatchAppendResp().setStreamIdentifier(streamIdentifier(stream));
  if (outcome.kind === 'stream_deleted') {
    return response.setError(statusOf(Code.NOT_FOUND, 'StreamDeleted', new sharedPb.StreamDeleted().setStreamIdentifier(streamIdentifier(stream)), 'StreamDeleted'));
  }
  if (outcome.kind === 'wrong_expected_version') return response.setError(wrongExpectedVersion(outcome.current, expected));
  const success = new BatchAppendResp.Success();
  if (outcome.lastRevision === 'no_stream') success.setNoStream(new GoogleEmpty());
  else success.setCurrentRevision(String(outcome.lastRevision));
  if (outcome.position === undefined || (olderServer && outcome.retried)) success.setNoPosition(new GoogleEmpty());
  else success.setPosition(new sharedPb.AllStreamPosition().setCommitPosition(String(outcome.position)).setPreparePosition(String(outcome.position)));
  return response.setSuccess(success);
};

interface Pending {
  options: BatchAppendRequest.Options | undefined;
  readonly messages: ProposedMessage[];
}

export const batchAppendHandler =
  (node: NodeState) =>
  (call: BatchAppendCall): void => {
    const refusal = callRefusal(node, call.metadata);
    if (refusal) return void call.emit('error', refusal);
    const pending = new Map<string, Pending>();
    let open = true;
    const send = (response: BatchAppendResponse) => {
      if (open) call.write(response);
    };
    call.on('data', (request: BatchAppendRequest) => {
      const correlation = request.getCorrelationId()!;
      const key = correlation.serializeBinary().toString();
      const batch = pending.get(key) ?? { options: undefined, messages: [] };
      pending.set(key, batch);
      if (request.hasOptions()) batch.options = request.getOptions();
      batch.messages.push(...request.getProposedMessagesList());
      if (!request.getIsFinal()) return;
      pending.delete(key);
      node.stats.batchAppends += 1;
      const options = batch.options!;
      const stream = streamNameOf(options.getStreamIdentifier());
      const expected = expectedStateOf(options);
      const answer = (response: BatchAppendResponse) => send(response.setCorrelationId(correlation));
      const size = proposedSize(batch.messages);
      if (size > node.maxAppendSize) {
        const tooLarge = new sharedPb.MaximumAppendSizeExceeded().setMaxappendsize(node.maxAppendSize);
        const error = statusOf(Code.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded', tooLarge, 'MaximumAppendSizeExceeded');
        return answer(new BatchAppendResp().setStreamIdentifier(streamIdentifier(stream)).setError(error));
      }
      runAppend(node.faults.take(), {
        commit: () => node.log.append(stream, expected, batch.messages.map(proposedEvent)),
        answer: (outcome) => answer(responseOf(outcome, stream, expected, node.olderServer)),
        timeout: () =>
          answer(new BatchAppendResp().setStreamIdentifier(streamIdentifier(stream)).setError(statusOf(Code.DEADLINE_EXCEEDED, 'Timeout', new sharedPb.Timeout(), 'Timeout'))),
        cut: () => {
          open = false;
          call.emit('error', CONNECTION_DROPPED);
        },
        deadline: deadlineOf(options),
      });
    });
    call.on('end', () => {
      if (open) call.end();
      open = false;
    });
    call.on('cancelled', () => (open = false));
  };
