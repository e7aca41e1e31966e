// Streams.Read: one call serves reads (a count) and catch-up subscriptions, of one stream or of `$all`.
import { randomUUID } from 'node:crypto';
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq as ReadRequest, ReadResp as ReadResponse } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import type { EmulatorLog, StoredEvent } from './emulator-log.js';
import type { NodeState } from './node-state.js';
import { callRefusal } from './node-role.js';
import { exception } from './proposed-events.js';
import { eventResponse, ReadReq, ReadResp, streamIdentifier, streamNameOf } from './protocol.js';
import { filterPredicate, type EventPredicate } from './read-filter.js';

export type ReadCall = ServerWritableStream<ReadRequest, ReadResponse>;
/** Open subscriptions, each with what detaches it from the log. */
export type LiveSubscriptions = Map<ReadCall, () => void>;
type Options = ReadRequest.Options;

/** An `$all` position names a record boundary; anything else is refused as the server does ("invalid position"). */
class InvalidPosition extends Error {}

const isForwards = (options: Options) => options.getReadDirection() === ReadReq.Options.ReadDirection.FORWARDS;

/** Index in `$all` where a read or subscription starts (forwards: first record to send; backwards: one past it). */
const allStartIndex = (log: EmulatorLog, all: ReadRequest.Options.AllOptions): number => {
  if (all.hasStart()) return 0;
  if (all.hasEnd()) return log.records().length;
  const position = all.getPosition()!;
  const index = position.getCommitPosition() === position.getPreparePosition() ? log.indexAt(Number(position.getCommitPosition())) : undefined;
  if (index === undefined) throw new InvalidPosition(`Invalid position C:${position.getCommitPosition()}/P:${position.getPreparePosition()}`);
  return index;
};

/**
 * The records of an `$all` read, in order. A generator, so the caller can send them as the call drains (a server
 * streams a long read under gRPC flow control rather than building every response first).
 */
const readAll = (log: EmulatorLog, options: Options): Iterable<StoredEvent> => {
  const records = log.records();
  const matches = filterPredicate(options);
  const start = allStartIndex(log, options.getAll()!); // throws InvalidPosition before the first record is asked for
  return (function* () {
    let remaining = Number(options.getCount());
    const step = isForwards(options) ? 1 : -1;
    for (let i = isForwards(options) ? start : start - 1; i >= 0 && i < records.length && remaining > 0; i += step) {
      if (!matches(records[i]!)) continue;
      yield records[i]!;
      remaining -= 1;
    }
  })();
};

/** Writes each record as the call takes it (waiting for `drain` when its buffer is full), then ends the call. */
const streamRecords = async (call: ReadCall, records: Iterable<StoredEvent>, send: (e: StoredEvent) => boolean): Promise<void> => {
  let gone = false;
  const leave = () => (gone = true);
  call.once('cancelled', leave);
  call.once('close', leave);
  for (const record of records) {
    if (gone) return;
    if (!send(record))
      await new Promise<void>((resolve) => {
        const done = () => {
          call.off('drain', done);
          call.off('close', done);
          resolve();
        };
        call.on('drain', done);
        call.on('close', done);
      });
  }
  if (!gone) call.end();
};

/** Returns false when the stream does not exist (the caller answers `stream_not_found`). */
const readStream = (log: EmulatorLog, options: Options, send: (e: StoredEvent) => void): boolean => {
  const stream = options.getStream()!;
  const events = log.visibleEvents(streamNameOf(stream.getStreamIdentifier()));
  if (!events) return false;
  const first = events[0]!.revision;
  const last = events.at(-1)!.revision;
  let remaining = Number(options.getCount());
  const at = (revision: number) => events[revision - first];
  if (isForwards(options)) {
    const from = stream.hasEnd() ? last + 1 : stream.hasStart() ? first : Math.max(first, Number(stream.getRevision()));
    for (let r = from; r <= last && remaining > 0; r++, remaining--) send(at(r)!);
  } else {
    const from = stream.hasEnd() ? last : stream.hasStart() ? 0 : Math.min(last, Number(stream.getRevision()));
    for (let r = from; r >= first && remaining > 0; r--, remaining--) send(at(r)!);
  }
  return true;
};

/**
 * A catch-up subscription: confirmation, the history after the start point, `caught_up`, then live events.
 * History and the live listener are set up in the same tick, so nothing falls between them.
 */
const subscribe = (log: EmulatorLog, options: Options, call: ReadCall, send: (e: StoredEvent) => void, live: LiveSubscriptions) => {
  let wanted: EventPredicate;
  let history: readonly StoredEvent[];
  if (options.hasAll()) {
    const all = options.getAll()!;
    const matches = filterPredicate(options);
    let start = allStartIndex(log, all);
    if (all.hasPosition() && start < log.records().length) start += 1; // subscriptions are exclusive of their position
    history = log.records().slice(start).filter(matches);
    wanted = matches;
  } else {
    const stream = options.getStream()!;
    const name = streamNameOf(stream.getStreamIdentifier());
    const last = log.lastRevision(name);
    const after = stream.hasStart() ? -1 : stream.hasEnd() ? last : Number(stream.getRevision());
    history = (log.visibleEvents(name) ?? []).filter((e) => e.revision > after);
    wanted = (e) => e.stream === name;
  }
  call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));
  history.forEach(send);
  call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
  if (options.hasFilter()) {
    // A filtered subscription reports how far it has searched, so clients can checkpoint past unmatched events.
    const end = log.records().at(-1)?.position ?? 0;
    call.write(new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(String(end)).setPreparePosition(String(end))));
  }
  const unlisten = log.onAppended((events) => events.filter(wanted).forEach(send));
  const stop = () => {
    unlisten();
    live.delete(call);
  };
  live.set(call, stop);
  call.on('cancelled', stop);
  call.on('close', stop);
  call.on('finish', stop);
};

/** Ends every live subscription the way a node does when it shuts down or loses leadership. */
export const dropSubscriptions = (live: LiveSubscriptions): void => {
  for (const [call, stop] of [...live]) {
    stop();
    call.emit('error', { code: status.UNAVAILABLE, details: 'Server is shutting down.' });
  }
};

export const readHandler =
  (node: NodeState, live: LiveSubscriptions) =>
  (call: ReadCall): void => {
    const options = call.request.getOptions();
    if (!options) return void call.emit('error', { code: status.INVALID_ARGUMENT, details: 'Read without options' });
    const { log, olderServer } = node;
    const refusal = callRefusal(node, call.metadata);
    if (refusal) return void call.emit('error', refusal);
    if (options.hasStream()) {
      const stream = streamNameOf(options.getStream()!.getStreamIdentifier());
      if (log.isDeleted(stream)) {
        return void call.emit('error', exception(status.FAILED_PRECONDITION, `Event stream '${stream}' is deleted.`, { exception: 'stream-deleted', 'stream-name': stream }));
      }
    }
    const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
    const commitKnown = options.hasAll() || !olderServer;
    const write = (e: StoredEvent) => call.write(eventResponse(e, structuredIds, commitKnown));
    const send = (e: StoredEvent) => void write(e);
    try {
      if (options.hasSubscription()) return subscribe(log, options, call, send, live);
      if (options.hasAll()) return void streamRecords(call, readAll(log, options), write);
      if (!readStream(log, options, send)) {
        const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(streamNameOf(options.getStream()!.getStreamIdentifier())));
        call.write(new ReadResp().setStreamNotFound(notFound));
      }
      call.end();
    } catch (error) {
      if (!(error instanceof InvalidPosition)) throw error;
      call.emit('error', { code: status.OUT_OF_RANGE, details: error.message });
    }
  };
