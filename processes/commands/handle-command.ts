import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { Decider, DecisionContext, DomainEvent } from '../../domain/decider.js';
import { conflict, invalid, type DomainError } from '../../domain/errors.js';
import { inputLimits, pathDeeperThan } from '../../domain/limits/index.js';
import type { EventData, EventMetadata, RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import type { EventIds } from '../../domain/log/event-ids.js';
import type { ProjectionStore } from '../../projections/engine/projection.js';
import { snapshotPolicyOf, snapshotTrail, streamSnapshots, type SnapshotPolicy, type StreamSnapshot } from './stream-snapshots.js';

/** Where a command comes from, for the envelope of the events it produces. */
export interface CommandOrigin {
  readonly correlationId: string;
  readonly causationId: string;
  readonly runId?: string;
}

export interface HandleOptions {
  /** Ids for the produced events; process managers derive them from the causing event so a redelivery appends nothing new. */
  readonly eventIds?: EventIds;
  /** How many times to re-read and re-decide after losing a race on the stream's revision. */
  readonly maxRetries?: number;
}

export interface Handled<Event extends DomainEvent> {
  readonly events: readonly RecordedEvent<Event['type'], Event['data']>[];
  /** Global position of the last event appended (or the log position the decision was made at, if nothing was appended). */
  readonly position: number;
}

/**
 * How deep an event's data may be nested. The edges refuse input nested deeper than `inputLimits.maxDepth`; an
 * event wraps its input in a few levels of its own. Past this, serialising the event (which recurses) is not safe.
 */
const eventDataMaxDepth = inputLimits.maxDepth + 8;

/** The refusal of events too deep to write, naming the top-level field of the data that holds the depth. */
const tooDeepToWrite = (events: readonly { type: string; data: unknown }[]): DomainError | undefined => {
  for (const e of events) {
    const deep = pathDeeperThan(e.data, eventDataMaxDepth);
    if (deep) {
      const field = typeof deep[0] === 'string' ? deep[0] : 'input';
      return invalid(`${field}: nested deeper than ${inputLimits.maxDepth} levels`, { field });
    }
  }
  return undefined;
};

export interface CommandRuntime {
  readonly log: EventStore;
  newEventId(): string;
  /**
   * Ids for the events of one command on `stream` when the caller can give the same ones again on a retry (a person's
   * CLI command run again with its command id): the retry then finds them in the stream and appends nothing new.
   */
  commandEventIds?(stream: string): EventIds;
  /** Where snapshots of never-ending streams are kept (see stream-snapshots.ts); without it every stream is folded whole. */
  readonly projections?: ProjectionStore;
}

/**
 * The events of a stream a command must fold, with the state they start from: after a snapshot when the stream's
 * decider has one and the log still holds the snapshot's event at its revision, else the whole stream. `seen` are
 * the events read (the snapshot's own event first, if any): the last gives the expected revision, and a redelivered
 * cause is looked for among them.
 */
const readForDecision = async <State>(
  runtime: CommandRuntime,
  stream: string,
  initialState: State,
  policy: SnapshotPolicy<State> | undefined,
): Promise<{ seen: readonly RecordedEvent[]; from: number; state: State }> => {
  const snapshot = policy && runtime.projections ? streamSnapshots(runtime.projections).load(stream, policy) : undefined;
  if (snapshot) {
    const tail = await runtime.log.readStream(stream, { fromRevision: snapshot.revision });
    if (!isLeft(tail) && tail.right[0]?.id === snapshot.eventId && tail.right[0].revision === snapshot.revision) return { seen: tail.right, from: 1, state: snapshot.state };
  }
  const read = await runtime.log.readStream(stream);
  return { seen: isLeft(read) ? [] : read.right, from: 0, state: initialState };
};

/** The events of `ids` among `events` (from the first one on), if the first is there. */
const writtenBefore = (events: readonly RecordedEvent[], ids: EventIds): RecordedEvent[] | undefined => {
  const firstId = ids(0);
  const at = events.findIndex((e) => e.id === firstId);
  return at < 0 ? undefined : events.slice(at).filter((e, i) => e.id === ids(i));
};

/** How many events of a stream's older part are read at a time when looking for a command's events there. */
const lookBackPage = 500;

/**
 * The events of `ids` in the part of a stream before a snapshot (taken at `snapshotAt`), read backwards page by
 * page and no further back than `ids.after` (a follow-up is never before its cause): a process manager redelivering
 * an old cause reads what came after that cause, not the stream's whole age.
 */
const writtenBeforeSnapshot = async (log: EventStore, stream: string, snapshotAt: RecordedEvent, ids: EventIds): Promise<RecordedEvent[] | undefined> => {
  const firstId = ids(0);
  const after = typeof ids.after === 'number' ? ids.after : -1;
  // The snapshot was taken at or before the cause: the events read after it hold every follow-up of that cause.
  if (snapshotAt.position <= after) return undefined;
  for (let from = snapshotAt.revision - 1; from >= 0; from -= lookBackPage) {
    const page = await log.readStream(stream, { direction: 'backwards', fromRevision: from, maxCount: lookBackPage });
    if (isLeft(page)) return undefined;
    const found = page.right.find((e) => e.id === firstId);
    if (found) {
      const following = await log.readStream(stream, { fromRevision: found.revision, maxCount: 64 });
      return isLeft(following) ? undefined : writtenBefore(following.right, ids);
    }
    if (page.right.length < lookBackPage || page.right.some((e) => e.position <= after)) return undefined;
  }
  return undefined;
};

/**
 * The one way a command changes the log: read the stream, fold it, decide, append with the exact expected
 * revision. Losing a race (`WrongExpectedVersion`) means someone else changed the stream first: re-read and decide
 * again, a bounded number of times, so the rule is always checked against the state it applies to.
 */
export const handleCommand = async <Command, Event extends DomainEvent, State, Ctx extends DecisionContext>(
  runtime: CommandRuntime,
  decider: Decider<Command, Event, State, Ctx>,
  stream: string,
  command: Command,
  ctx: Ctx,
  origin: CommandOrigin,
  options: HandleOptions = {},
): Promise<Either<DomainError, Handled<Event>>> => {
  const maxRetries = options.maxRetries ?? 10;
  const policy = snapshotPolicyOf<State>(decider);
  const eventIds = options.eventIds ?? runtime.commandEventIds?.(stream);
  for (let attempt = 0; ; attempt++) {
    const { seen: history, from, state: start } = await readForDecision(runtime, stream, decider.initialState, policy);
    if (eventIds) {
      // A redelivered cause (or a retried command): its events are already in the stream, so it was handled before.
      // Read from a snapshot, the stream's older part is looked through too, back to where such events can be.
      const already = writtenBefore(history, eventIds) ?? (from > 0 && eventIds.after !== 'new' ? await writtenBeforeSnapshot(runtime.log, stream, history[0]!, eventIds) : undefined);
      if (already) return right({ events: already as unknown as Handled<Event>['events'], position: already[already.length - 1]!.position });
    }
    // Folded from the snapshot (or the start); past 2 × snapshotTrail events after it, the state `snapshotTrail`
    // events before the head is kept as the next snapshot.
    let state = start;
    let trailing: StreamSnapshot<State> | undefined;
    const keepAt = policy && history.length - from >= 2 * snapshotTrail ? history.length - 1 - snapshotTrail : -1;
    for (let i = from; i < history.length; i++) {
      const e = history[i]!;
      state = decider.evolve(state, { type: e.type, data: e.data } as Event);
      if (i === keepAt) trailing = { revision: e.revision, eventId: e.id, state };
    }
    if (trailing && policy && runtime.projections) streamSnapshots(runtime.projections).save(stream, policy, trailing);
    const decided = decider.decide(command, state, ctx);
    if (isLeft(decided)) return decided;
    if (decided.right.length === 0) return right({ events: [], position: history[history.length - 1]?.position ?? 0 });
    const unwritable = tooDeepToWrite(decided.right);
    if (unwritable) return left(unwritable);
    const metadata: EventMetadata = {
      correlationId: origin.correlationId,
      causationId: origin.causationId,
      actor: ctx.actor,
      at: ctx.now,
      schemaVersion: 1,
      ...(origin.runId ? { runId: origin.runId } : {}),
    };
    const events: EventData[] = decided.right.map((e, i) => ({
      id: eventIds ? eventIds(i) : runtime.newEventId(),
      type: e.type,
      data: e.data,
      metadata,
    }));
    const expectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1]!.revision;
    const appended = await runtime.log.append(stream, events, { expectedRevision });
    if (isLeft(appended)) {
      if (appended.left.code === 'wrong_expected_version' && attempt < maxRetries) {
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** attempt, 50)));
        continue;
      }
      return left(conflict(`${stream} kept changing; try again (${appended.left.message})`, { details: { stream } }));
    }
    const base = expectedRevision === 'no_stream' ? 0 : expectedRevision + 1;
    return right({
      events: events.map((e, i) => ({ ...e, stream, revision: base + i, position: appended.right.positions[i]! })) as Handled<Event>['events'],
      position: appended.right.position,
    });
  }
};
