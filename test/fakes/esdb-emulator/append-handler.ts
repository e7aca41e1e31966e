// Streams.Append (client streaming): one `options` message (stream, expected revision), then one `proposed_message`
// per event; the answer comes when the client half-closes. Errors other than WrongExpectedVersion are call statuses
// with the server's exception trailers. The client uses this call only where BatchAppend is not offered (or with
// per-call credentials).
import { status, type sendUnaryData, type ServerReadableStream } from '@grpc/grpc-js';
import type { AppendReq as AppendRequest, AppendResp as AppendResponse } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import { runAppend } from './append-faults.js';
import type { AppendOutcome, ExpectedState, ProposedEvent } from './emulator-log.js';
import type { NodeState } from './node-state.js';
import { callRefusal } from './node-role.js';
import { CONNECTION_DROPPED, exception, proposedEvent } from './proposed-events.js';
import { AppendResp, Empty, streamNameOf } from './protocol.js';

type AppendCall = ServerReadableStream<AppendRequest, AppendResponse>;

const expectedStateOf = (options: AppendRequest.Options): ExpectedState => {
  if (options.hasRevision()) return { kind: 'revision', revision: Number(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
};

type Answer = { readonly error: Parameters<sendUnaryData<AppendResponse>>[0] } | { readonly response: AppendResponse };

const answerTo = (outcome: AppendOutcome, stream: string, expected: ExpectedState, olderServer: boolean): Answer => {
  if (outcome.kind === 'stream_deleted') return { error: exception(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, { exception: 'stream-deleted', 'stream-name': stream }) };
  if (outcome.kind === 'success') {
    const success = new AppendResp.Success();
    if (outcome.lastRevision === 'no_stream') success.setNoStream(new Empty());
    else success.setCurrentRevision(String(outcome.lastRevision));
    // Nodes before 22.x answered a recognised retry without a position.
    if (outcome.position === undefined || (olderServer && outcome.retried)) success.setNoPosition(new Empty());
    else success.setPosition(new AppendResp.Position().setCommitPosition(String(outcome.position)).setPreparePosition(String(outcome.position)));
    return { response: new AppendResp().setSuccess(success) };
  }
  const wrong = new AppendResp.WrongExpectedVersion();
  if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(String(outcome.current));
  if (expected.kind === 'revision') wrong.setExpectedRevision(String(expected.revision));
  else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected.kind === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return { response: new AppendResp().setWrongExpectedVersion(wrong) };
};

/** The server's limit on the proposed messages of one append (`MaxAppendSize`, 1 MiB by default). */
const appendTooLarge = (maxAppendSize: number) =>
  exception(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maxAppendSize),
  });

export const appendHandler =
  (node: NodeState) =>
  (call: AppendCall, callback: sendUnaryData<AppendResponse>): void => {
    node.stats.appends += 1;
    let options: AppendRequest.Options | undefined;
    const events: ProposedEvent[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: Parameters<typeof callback>[0]) => {
      if (failed) return;
      failed = true;
      callback(error);
    };
    const refusal = callRefusal(node, call.metadata);
    if (refusal) return fail(refusal);
    call.on('data', (request: AppendRequest) => {
      if (failed) return;
      if (request.hasOptions()) options = request.getOptions();
      else if (request.hasProposedMessage()) {
        const message = request.getProposedMessage()!;
        size += message.serializeBinary().length;
        if (size > node.maxAppendSize) return fail(appendTooLarge(node.maxAppendSize));
        events.push(proposedEvent(message));
      }
    });
    call.on('end', () => {
      if (failed) return;
      if (!options) return fail({ code: status.INVALID_ARGUMENT, details: 'Append without options' });
      const expected = expectedStateOf(options);
      const stream = streamNameOf(options.getStreamIdentifier());
      const deadline = call.getDeadline();
      runAppend(node.faults.take(), {
        commit: () => node.log.append(stream, expected, events),
        answer: (outcome) => {
          const answer = answerTo(outcome, stream, expected, node.olderServer);
          if ('error' in answer) fail(answer.error);
          else callback(null, answer.response);
        },
        timeout: () => fail(exception(status.DEADLINE_EXCEEDED, 'Timeout', { exception: 'timeout' })),
        cut: () => fail(CONNECTION_DROPPED),
        deadline: deadline instanceof Date ? deadline : Number.isFinite(deadline) ? new Date(deadline) : undefined,
      });
    });
  };
