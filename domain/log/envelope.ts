import * as t from 'io-ts';

/** Who caused an event: an agent run, a human operator, or the system itself. */
export const Actor = t.type({
  kind: t.keyof({ agent: null, human: null, system: null }),
  id: t.string,
});
export type Actor = t.TypeOf<typeof Actor>;

export const EventMetadata = t.intersection([
  t.type({
    correlationId: t.string,
    causationId: t.string,
    actor: Actor,
    at: t.string,
    schemaVersion: t.number,
  }),
  t.partial({ runId: t.string }),
]);
export type EventMetadata = t.TypeOf<typeof EventMetadata>;

/** An event about to be appended. `id` is a UUID; time-ordered (v7) unless derived from a causing event. */
export interface EventData<Type extends string = string, Data = unknown> {
  readonly id: string;
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
}

/** An event as stored in the log: its stream, its revision in that stream, and its global position. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends EventData<Type, Data> {
  readonly stream: string;
  /** 0-based index of the event in its stream. */
  readonly revision: number;
  /** Global position in `$all`; strictly increasing in commit order. */
  readonly position: number;
}

/** Codec for events read back from any adapter: the log is a boundary, so its contents are decoded, not trusted. */
export const RecordedEventCodec = t.type({
  id: t.string,
  type: t.string,
  data: t.unknown,
  metadata: EventMetadata,
  stream: t.string,
  revision: t.number,
  position: t.number,
});
