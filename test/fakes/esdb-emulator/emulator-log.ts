// The emulator's in-memory transaction log: streams, `$all`, the commit check of a real EventStoreDB / KurrentDB node
// (expected revisions and idempotency by event id), stream metadata (`$maxCount`) and live listeners.
// It knows nothing about gRPC; the handlers translate protocol messages to and from it.

/** An event as the Append call proposes it (bytes as the client sent them). */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

/** An event in the log. Like a real node writing one stream per append, commit position === prepare position. */
export interface StoredEvent extends ProposedEvent {
  readonly stream: string;
  readonly revision: number;
  /** Byte offset of the event's record in the (imaginary) transaction file: increasing, not contiguous. */
  readonly position: number;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  readonly created: bigint;
}

export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: number };

export type AppendOutcome =
  /** Written now, or recognised as a retry of an earlier append (then nothing is written). */
  | {
      readonly kind: 'success';
      readonly lastRevision: number | 'no_stream';
      readonly position: number | undefined;
      /** True when the append was recognised as a retry and nothing was written. */
      readonly retried: boolean;
    }
  | { readonly kind: 'wrong_expected_version'; readonly current: number | 'no_stream' }
  /** The stream was deleted for good (tombstoned): nothing can be appended to it again. */
  | { readonly kind: 'stream_deleted' };

type Listener = (events: readonly StoredEvent[]) => void;

const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8');
/** Roughly the size of a prepare record, so positions advance like a real log's byte offsets. */
const recordSize = (e: ProposedEvent, stream: string): number =>
  80 + utf8Length(stream) + utf8Length(e.type) + e.data.length + e.metadata.length;

const nowTicks = (): bigint => BigInt(Date.now()) * 10_000n;
const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), 'utf8');

export const metastreamOf = (stream: string): string => `$$${stream}`;

export class EmulatorLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  /** The node's cache of committed event ids (the real one is bounded; this one remembers everything). */
  private readonly committed = new Map<string, { readonly stream: string; readonly revision: number }>();
  private readonly listeners = new Set<Listener>();
  private readonly tombstoned = new Set<string>();
  private nextPosition = 0;

  constructor() {
    // A fresh node already holds system events: clients must skip them, and user events never start at 0.
    this.write('$$$scavenges', [this.systemEvent('$metadata', { $maxAge: 2_592_000 })]);
    this.write('$stats-emulator', [this.systemEvent('$statsCollected', { 'proc-id': process.pid })]);
  }

  lastRevision(stream: string): number {
    return (this.streams.get(stream)?.length ?? 0) - 1;
  }

  /** Deletes a stream for good, as the Tombstone call does: reads and appends then fail with StreamDeleted. */
  tombstone(stream: string): void {
    this.tombstoned.add(stream);
  }

  isDeleted(stream: string): boolean {
    return this.tombstoned.has(stream);
  }

  /** The commit check of a real node (IndexWriter.CheckCommit), then the write. */
  append(stream: string, expected: ExpectedState, events: readonly ProposedEvent[]): AppendOutcome {
    if (this.tombstoned.has(stream)) return { kind: 'stream_deleted' };
    const current = this.lastRevision(stream);
    const currentState = current < 0 ? ('no_stream' as const) : current;
    const wrong = { kind: 'wrong_expected_version', current: currentState } as const;
    // `stream_exists` is also satisfied by a stream that only has metadata.
    if (expected.kind === 'stream_exists' && current < 0 && this.lastRevision(metastreamOf(stream)) < 0) return wrong;

    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      // Idempotency from the committed-ids cache: all ids known in this stream → the earlier result; the first id
      // unknown → a new write; the first known but a later one not → "corrupted idempotency", answered as WEV.
      let first: number | undefined;
      let last = -1;
      for (const event of events) {
        const known = this.committed.get(event.id);
        if (!known || known.stream !== stream) {
          if (first === undefined) return this.write(stream, events);
          return wrong;
        }
        first ??= known.revision;
        last = known.revision;
      }
      if (first === undefined) return this.write(stream, events);
      return { kind: 'success', lastRevision: last, position: this.positionOf(stream, last), retried: true };
    }

    const expectedRevision = expected.kind === 'no_stream' ? -1 : expected.revision;
    if (expectedRevision < current) {
      // The stream moved past the expectation: a retry only if the events sit right after it, in order.
      let revision = expectedRevision;
      for (const event of events) {
        revision += 1;
        if (this.streams.get(stream)?.[revision]?.id === event.id) continue;
        return wrong; // the first differs: a real conflict; a later one differs: corrupted idempotency (also WEV)
      }
      if (revision === expectedRevision) return wrong;
      return { kind: 'success', lastRevision: revision, position: this.positionOf(stream, revision), retried: true };
    }
    if (expectedRevision > current) return wrong;
    return this.write(stream, events);
  }

  /** Events of a stream as reads see them: stream metadata `$maxCount` hides all but the newest. */
  visibleEvents(stream: string): readonly StoredEvent[] | undefined {
    const events = this.streams.get(stream);
    if (!events || events.length === 0) return undefined;
    const maxCount = this.maxCountOf(stream);
    return maxCount === undefined ? events : events.slice(Math.max(0, events.length - maxCount));
  }

  /** All records in commit order (`$all`, system events included). */
  records(): readonly StoredEvent[] {
    return this.all;
  }

  /** Index in `$all` of the first record at or after `position`; `undefined` when no record boundary is there. */
  indexAt(position: number): number | undefined {
    if (position === this.nextPosition) return this.all.length;
    let low = 0;
    let high = this.all.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const p = this.all[mid]!.position;
      if (p === position) return mid;
      if (p < position) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }

  onAppended(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private positionOf(stream: string, revision: number): number | undefined {
    return this.streams.get(stream)?.[revision]?.position;
  }

  private maxCountOf(stream: string): number | undefined {
    if (stream.startsWith('$$')) return undefined;
    const meta = this.streams.get(metastreamOf(stream))?.at(-1);
    if (!meta) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(meta.data).toString('utf8')) as { $maxCount?: unknown };
      return typeof parsed.$maxCount === 'number' && parsed.$maxCount > 0 ? parsed.$maxCount : undefined;
    } catch {
      return undefined; // the server ignores metadata it cannot parse
    }
  }

  private write(stream: string, events: readonly ProposedEvent[]): AppendOutcome {
    const existing = this.streams.get(stream) ?? [];
    this.streams.set(stream, existing);
    const written: StoredEvent[] = [];
    for (const event of events) {
      const stored: StoredEvent = { ...event, stream, revision: existing.length, position: this.nextPosition, created: nowTicks() };
      this.nextPosition += recordSize(event, stream);
      existing.push(stored);
      this.all.push(stored);
      this.committed.set(event.id, { stream, revision: stored.revision });
      written.push(stored);
    }
    if (written.length > 0) for (const listener of [...this.listeners]) listener(written);
    const last = existing.length - 1;
    return { kind: 'success', lastRevision: last < 0 ? 'no_stream' : last, position: written.at(-1)?.position, retried: false };
  }

  private systemEvent(type: string, data: unknown): ProposedEvent {
    return { id: crypto.randomUUID(), type, contentType: 'application/json', data: json(data), metadata: new Uint8Array() };
  }
}
