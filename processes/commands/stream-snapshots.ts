import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';
import { agentDecider } from '../../domain/agent/index.js';
import type { AgentState } from '../../domain/agent/state.js';
import { discussionDecider } from '../../domain/discussion/index.js';
import type { DiscussionState } from '../../domain/discussion/state.js';
import { mailboxDecider } from '../../domain/mailbox/index.js';
import type { MailboxState } from '../../domain/mailbox/state.js';
import type { ProjectionStore } from '../../projections/engine/projection.js';

/**
 * Snapshots of the streams that never end (issue 21 point 6), so that a command's cost does not grow with its
 * stream's age. Chosen per stream:
 * - `agent-<name>`: a heartbeat every 30 s while working and every status change, forever. The decider's state is
 *   four small fields whatever the history: a snapshot is cheap and the fold after it is a handful of events.
 * - `mailbox-<agent>` and `discussion-<topic>`: the rules need every message id (read once) and every post's voters
 *   (vote once), so no rule can drop the history; a snapshot holds that set, read once, instead of folding every
 *   event (whose maps were copied per event: quadratic in the stream's length).
 * Streams that end (tasks, runs, proposals, …) are folded whole: they are short, and their history is the record.
 *
 * A snapshot is a cache, never the record: it lives in the read-model store of this host (the log stays the only
 * truth), names the revision and the event id it was taken at, and is used only when the log still holds that event
 * at that revision (a replaced or rebuilt log makes it be ignored). It trails the stream's head by `snapshotTrail`
 * events, so a redelivered cause whose follow-up is among the latest events is still found by its event id.
 */
export interface SnapshotPolicy<State> {
  /** Bumped when the state's shape changes: older snapshots are then ignored. */
  readonly version: number;
  encode(state: State): unknown;
  decode(json: unknown): State | undefined;
}

/** Events a snapshot trails the head by; a new one is taken when twice as many have been folded after the last. */
export const snapshotTrail = 100;

/** Where snapshots are kept in the read-model store (not a projection: catch-up and rebuild never touch it). */
export const snapshotsName = 'stream-snapshots';

const decodeWith = <A>(codec: t.Type<A, unknown, unknown>, json: unknown): A | undefined => {
  const decoded = codec.decode(json);
  return isRight(decoded) ? decoded.right : undefined;
};

const AgentSnapshot = t.intersection([
  t.type({ status: t.string, paused: t.boolean }),
  t.partial({ currentTaskId: t.string, lastHeartbeatAt: t.string }),
]);

const agentPolicy: SnapshotPolicy<AgentState> = {
  version: 1,
  encode: (s) => s,
  decode: (json) => decodeWith(AgentSnapshot, json) as AgentState | undefined,
};

const MailboxSnapshot = t.type({ messages: t.array(t.tuple([t.string, t.boolean])) });
const mailboxPolicy: SnapshotPolicy<MailboxState> = {
  version: 1,
  encode: (s) => ({ messages: [...s.messages].map(([id, m]) => [id, m.read]) }),
  decode: (json) => {
    const d = decodeWith(MailboxSnapshot, json);
    return d && { messages: new Map(d.messages.map(([id, read]) => [id, { read }])) };
  },
};

const DiscussionSnapshot = t.type({ posts: t.array(t.tuple([t.string, t.array(t.string)])) });
const discussionPolicy: SnapshotPolicy<DiscussionState> = {
  version: 1,
  encode: (s) => ({ posts: [...s.posts].map(([id, p]) => [id, [...p.voters]]) }),
  decode: (json) => {
    const d = decodeWith(DiscussionSnapshot, json);
    return d && { posts: new Map(d.posts.map(([id, voters]) => [id, { voters: new Set(voters) }])) };
  },
};

const policies = new Map<unknown, SnapshotPolicy<any>>([
  [agentDecider, agentPolicy],
  [mailboxDecider, mailboxPolicy],
  [discussionDecider, discussionPolicy],
]);

/** The snapshot policy of a decider's streams, if they are snapshotted. */
export const snapshotPolicyOf = <State>(decider: unknown): SnapshotPolicy<State> | undefined => policies.get(decider);

/** A stream's state at a revision, as stored. */
export interface StreamSnapshot<State> {
  readonly revision: number;
  /** The id of the event at `revision`: the snapshot is used only if the log still holds it there. */
  readonly eventId: string;
  readonly state: State;
}

const Stored = t.type({ version: t.number, revision: t.number, eventId: t.string, state: t.unknown });

/** Snapshots kept in a read-model store. Failures to read or write one never fail a command: it folds the stream. */
export const streamSnapshots = (store: ProjectionStore) => ({
  load<State>(stream: string, policy: SnapshotPolicy<State>): StreamSnapshot<State> | undefined {
    try {
      const stored = decodeWith(Stored, store.reader(snapshotsName).get('snapshots', stream));
      if (!stored || stored.version !== policy.version) return undefined;
      const state = policy.decode(stored.state);
      return state === undefined ? undefined : { revision: stored.revision, eventId: stored.eventId, state };
    } catch {
      return undefined;
    }
  },
  save<State>(stream: string, policy: SnapshotPolicy<State>, snapshot: StreamSnapshot<State>): void {
    try {
      const doc = { version: policy.version, revision: snapshot.revision, eventId: snapshot.eventId, state: policy.encode(snapshot.state) };
      store.write((tx) => tx.docs(snapshotsName).put('snapshots', stream, doc), { projections: [snapshotsName] });
    } catch {
      // A busy or read-only store: the next command folds a little more.
    }
  },
});
