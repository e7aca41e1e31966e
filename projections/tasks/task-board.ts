import { TaskEventCodec, taskEventTypes, type TaskEvent } from '../../domain/task/events.js';
import { fixRoundKey } from '../../domain/task/task-rules.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { DocWriter, Projection } from '../engine/projection.js';
import { taskKeys } from './task-keys.js';
import type { Mutable } from '../engine/fold-documents.js';
import { agentOf, type TaskView } from './task-view.js';

const TASK = 'task';

const summary = (v: TaskView) => ({ id: v.id, type: v.type, priority: v.priority, assignedTo: v.assignedTo, createdPosition: v.createdPosition });

/** Every index entry listing a task in its state: [collection, key, document]. */
const listings = (v: TaskView): [string, string, unknown][] => {
  const out: [string, string, unknown][] = [
    ['by-status', taskKeys.byStatus(v), v.id],
    ['by-type-status', taskKeys.byTypeStatus(v), v.id],
  ];
  const agent = agentOf(v);
  if (agent) out.push(['by-agent-status', taskKeys.byAgentStatus(agent, v), v.id]);
  if (v.status === 'pending') out.push(['queue', taskKeys.queue(v), summary(v)]);
  if ((v.status === 'pending' || v.status === 'claimed') && v.title !== undefined) out.push(['open-title', taskKeys.openTitle(v), v.id]);
  if (v.status === 'claimed' && v.leaseUntil) out.push(['leases', taskKeys.lease(v), { id: v.id, generation: v.generation, leaseUntil: v.leaseUntil }]);
  return out;
};

/**
 * Moves a task's index entries from its state `before` to `after`, touching only the entries that change (most
 * events change the status, not the type, priority or age): entries under the same key hold the same document,
 * except a lease, whose generation is not in its key. Dead letters are never unlisted.
 */
const relist = (docs: DocWriter, before: TaskView | undefined, after: TaskView) => {
  docs.put(TASK, after.id, after);
  const kept = new Set<string>();
  const next = listings(after);
  if (before) {
    const stays = new Set(next.map(([c, k]) => `${c}\u0000${k}`));
    for (const [collection, key] of listings(before)) {
      const id = `${collection}\u0000${key}`;
      if (stays.has(id) && collection !== 'leases') kept.add(id);
      else if (!stays.has(id)) docs.delete(collection, key);
    }
  }
  for (const [collection, key, doc] of next) if (!kept.has(`${collection}\u0000${key}`)) docs.put(collection, key, doc);
  if (after.deadLettered) docs.put('dead-letter', taskKeys.deadLetter(after), after.id);
};

/** What an event changes in a task's view (new fields come last, in this order, as a spread would put them). */
const changesOf = (v: TaskView, e: TaskEvent, at: string): Partial<TaskView> => {
  switch (e.type) {
    case 'TaskCreated':
      return {};
    case 'TaskClaimed':
      return { status: 'claimed', claimedBy: e.data.agent, generation: e.data.generation, attempts: e.data.attempt, leaseUntil: e.data.leaseUntil, claimedAt: at, error: undefined };
    case 'TaskLeaseRenewed':
      return { leaseUntil: e.data.leaseUntil };
    case 'TaskLeaseExpired':
      return { status: 'pending', leaseUntil: undefined, claimedBy: undefined, error: `lease expired (attempt ${e.data.attempt})` };
    case 'TaskReleased':
      return { status: 'pending', leaseUntil: undefined, claimedBy: undefined, attempts: v.attempts - (e.data.attemptRefunded ? 1 : 0), error: `released: ${e.data.reason}` };
    case 'TaskCompleted':
      return { status: 'completed', leaseUntil: undefined, result: e.data.result, finishedAt: at };
    case 'TaskFailed':
      return { status: 'failed', leaseUntil: undefined, error: e.data.reason, deadLettered: e.data.deadLettered, finishedAt: at };
    case 'TaskCancelled':
      return { status: 'cancelled', leaseUntil: undefined, error: `Cancelled by ${e.data.by}: ${e.data.reason}`, finishedAt: at };
    case 'TaskPrioritySet':
      return { priority: e.data.priority };
    default: {
      const unknownEvent: never = e;
      return unknownEvent;
    }
  }
};

/** Counts kept beside the board so queue stats never scan it. */
const bump = (docs: DocWriter, key: string, by: number) => {
  const n = (docs.get<{ n: number }>('counts', key)?.n ?? 0) + by;
  if (n === 0) docs.delete('counts', key);
  else docs.put('counts', key, { key, n });
};
const countKeys = (v: TaskView) => [`status|${v.status}`, ...(v.status === 'pending' ? [`pending-type|${v.type}`] : []), ...(v.status === 'claimed' && v.claimedBy ? [`claimed-agent|${v.claimedBy}`] : [])];

/**
 * The task's view after `recorded`, or undefined when the event changes nothing: one this version does not
 * understand, a redelivery, or an event of a task not created (or created twice).
 */
const viewAfter = (before: TaskView | undefined, recorded: RecordedEvent, inPlace = false): TaskView | undefined => {
  // `is`, not `decode`: the codec only checks (no field is transformed), and decoding built a context and a result
  // for every field of every task event (about 120 ms of a first start over 100,004 events, on its busiest thread).
  const e = { type: recorded.type, data: recorded.data };
  if (!TaskEventCodec.is(e)) return undefined; // an event this version does not understand is not the board's concern
  if (before && recorded.position <= before.lastPosition) return undefined; // redelivered
  if (e.type !== 'TaskCreated') {
    if (!before) return undefined;
    const changes = changesOf(before, e, recorded.metadata.at);
    // A rebuild owns its views and changes them in place (same fields, same order as the copy live folding makes).
    return inPlace ? Object.assign(before as Mutable<TaskView>, changes, { lastPosition: recorded.position }) : { ...before, ...changes, lastPosition: recorded.position };
  }
  if (before) return undefined;
  return {
    id: recorded.stream.slice('task-'.length),
    type: e.data.type,
    priority: e.data.priority,
    payload: e.data.payload,
    title: e.data.title,
    status: 'pending',
    assignedTo: e.data.assignedTo,
    generation: 0,
    attempts: 0,
    createdBy: e.data.createdBy,
    parentTaskId: e.data.parentTaskId,
    createdAt: recorded.metadata.at,
    deadLettered: false,
    createdPosition: recorded.position,
    lastPosition: recorded.position,
    correlationId: recorded.metadata.correlationId,
  };
};

/** The product a new fix task counts a round for. */
/** The key a fix round counts against: its project (issue 17), else the product's name for tasks that name no project. */
const fixedProduct = (v: TaskView): string | undefined => (v.type === 'fix_product' ? fixRoundKey(v.payload) : undefined);

const byKeyOf = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);

/** Each document's JSON text, made when it is read (see `SerializedDocs`). */
const stringifiedAsRead = (docs: readonly [string, unknown][]): Iterable<readonly [string, string]> => ({
  *[Symbol.iterator]() {
    for (const [key, doc] of docs) yield [key, JSON.stringify(doc)] as const;
  },
});

/** Index collections keyed `<group>|<creation position, 15 digits>|<id>` (see taskKeys): the queue order ones. */
const orderedCollections = new Set(['by-status', 'by-type-status', 'by-agent-status', 'queue']);

/**
 * A collection whose entries arrive in creation order and whose keys end in the creation position: within a group
 * (the key before the position) they are in key order already, so sorting the few groups orders the collection —
 * unless a value in a key holds a `|` and groups overlap, which the final check catches (then it is sorted whole).
 */
const createOrderedCollection = () => {
  const groups = new Map<string, [string, unknown][]>();
  return {
    add(key: string, groupEnd: number, doc: unknown) {
      const group = key.slice(0, groupEnd);
      let entries = groups.get(group);
      if (!entries) groups.set(group, (entries = []));
      entries.push([key, doc]);
    },
    inKeyOrder(): [string, unknown][] {
      const ordered = [...groups.keys()].sort().map((g) => groups.get(g)!);
      // Within a group the creation positions ascend, so only the seams between groups need checking.
      for (let i = 1; i < ordered.length; i++) {
        if (ordered[i - 1]![ordered[i - 1]!.length - 1]![0] >= ordered[i]![0]![0]) return ordered.flat().sort(byKeyOf);
      }
      return ordered.flat();
    },
  };
};

/**
 * The task board and queue (SPEC §4): every task with its state, ordered indexes for the queue (by type and
 * addressee), lists by status (alone, within a type, within an agent), the dedup index of open titles, leases for the watchdog,
 * dead letters, fix rounds per product, and counts for queue stats.
 */
export const taskBoard: Projection = {
  name: 'tasks',
  // 2: lists by status only (the lists of all tasks, by type and by agent are merged from them).
  // 3: fix rounds counted per project (fixRoundKey).
  version: 3,
  eventTypes: taskEventTypes,
  apply: (docs, recorded: RecordedEvent) => {
    const before = docs.get<TaskView>(TASK, recorded.stream.slice('task-'.length));
    const after = viewAfter(before, recorded);
    if (!after) return;
    const product = before ? undefined : fixedProduct(after);
    if (product) docs.put('fix-rounds', product, (docs.get<number>('fix-rounds', product) ?? 0) + 1);
    relist(docs, before, after);
    // A count under the same key before and after would go down and up again: left alone.
    const counted = before ? countKeys(before) : [];
    const counting = countKeys(after);
    for (const key of counted) if (!counting.includes(key)) bump(docs, key, -1);
    for (const key of counting) if (!counted.includes(key)) bump(docs, key, 1);
  },
  // A rebuild keeps only each task's view while folding: index entries and counts depend on the final view alone
  // (relist and bump leave exactly those), except dead letters, which are never unlisted and so are kept as they come.
  foldFromStart: () => {
    const views = new Map<string, TaskView>();
    const fixRounds = new Map<string, number>();
    const deadLetters = new Map<string, string>();
    return {
      apply: (recorded) => {
        const before = views.get(recorded.stream.slice('task-'.length));
        const after = viewAfter(before, recorded, true);
        if (!after) return;
        const product = before ? undefined : fixedProduct(after);
        if (product) fixRounds.set(product, (fixRounds.get(product) ?? 0) + 1);
        views.set(after.id, after);
        if (after.deadLettered) deadLetters.set(taskKeys.deadLetter(after), after.id);
      },
      // Each task's documents in key order, stringified as they are written: over millions of events the texts of
      // the whole board at once took as much memory again as the fold.
      serializedDocuments: () => {
        const ordered = new Map<string, ReturnType<typeof createOrderedCollection>>();
        const other = new Map<string, [string, unknown][]>();
        const add = (collection: string, key: string, doc: unknown) => {
          let docs = other.get(collection);
          if (!docs) other.set(collection, (docs = []));
          docs.push([key, doc]);
        };
        const counts = new Map<string, number>();
        for (const v of views.values()) {
          add(TASK, v.id, v);
          for (const [collection, key, doc] of listings(v)) {
            if (key.endsWith(v.id) && orderedCollections.has(collection)) {
              let c = ordered.get(collection);
              if (!c) ordered.set(collection, (c = createOrderedCollection()));
              c.add(key, key.length - v.id.length - 16, doc);
            } else add(collection, key, doc);
          }
          for (const key of countKeys(v)) counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        for (const [key, n] of counts) add('counts', key, { key, n });
        for (const [product, n] of fixRounds) add('fix-rounds', product, n);
        for (const [key, id] of deadLetters) add('dead-letter', key, id);
        const collections: [string, [string, unknown][]][] = [...other.entries()].map(([name, docs]) => [name, docs.sort(byKeyOf)]);
        for (const [name, c] of ordered) collections.push([name, c.inKeyOrder()]);
        return collections.sort(byKeyOf).map(([name, docs]) => [name, stringifiedAsRead(docs)] as const);
      },
      documents() {
        return this.serializedDocuments!().map(([c, docs]) => [c, Array.from(docs, ([k, json]) => [k, JSON.parse(json) as unknown] as [string, unknown])] as [string, [string, unknown][]]);
      },
    };
  },
};
