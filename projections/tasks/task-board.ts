import { TaskEventCodec, taskEventTypes, type TaskEvent } from '../../domain/task/events.js';
import { identifyingTitle } from '../../domain/task/task-rules.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { DocWriter, Projection } from '../engine/projection.js';
import { taskKeys } from './task-keys.js';
import { agentOf, type TaskView } from './task-view.js';

const TASK = 'task';

/** Removes a task from every index it is listed in (before it is re-listed with its new state). */
const unlist = (docs: DocWriter, v: TaskView) => {
  docs.delete('all', taskKeys.all(v));
  docs.delete('by-status', taskKeys.byStatus(v));
  docs.delete('by-type', taskKeys.byType(v));
  docs.delete('by-type-status', taskKeys.byTypeStatus(v));
  const agent = agentOf(v);
  if (agent) {
    docs.delete('by-agent', taskKeys.byAgent(agent, v));
    docs.delete('by-agent-status', taskKeys.byAgentStatus(agent, v));
  }
  if (v.status === 'pending') docs.delete('queue', taskKeys.queue(v));
  if ((v.status === 'pending' || v.status === 'claimed') && v.title !== undefined) docs.delete('open-title', taskKeys.openTitle(v));
  if (v.status === 'claimed' && v.leaseUntil) docs.delete('leases', taskKeys.lease(v));
};

const summary = (v: TaskView) => ({ id: v.id, type: v.type, priority: v.priority, assignedTo: v.assignedTo, createdPosition: v.createdPosition });

const list = (docs: DocWriter, v: TaskView) => {
  docs.put(TASK, v.id, v);
  docs.put('all', taskKeys.all(v), v.id);
  docs.put('by-status', taskKeys.byStatus(v), v.id);
  docs.put('by-type', taskKeys.byType(v), v.id);
  docs.put('by-type-status', taskKeys.byTypeStatus(v), v.id);
  const agent = agentOf(v);
  if (agent) {
    docs.put('by-agent', taskKeys.byAgent(agent, v), v.id);
    docs.put('by-agent-status', taskKeys.byAgentStatus(agent, v), v.id);
  }
  if (v.status === 'pending') docs.put('queue', taskKeys.queue(v), summary(v));
  if ((v.status === 'pending' || v.status === 'claimed') && v.title !== undefined) docs.put('open-title', taskKeys.openTitle(v), v.id);
  if (v.status === 'claimed' && v.leaseUntil) docs.put('leases', taskKeys.lease(v), { id: v.id, generation: v.generation, leaseUntil: v.leaseUntil });
  if (v.deadLettered) docs.put('dead-letter', taskKeys.deadLetter(v), v.id);
};

const next = (v: TaskView, e: TaskEvent, at: string): TaskView => {
  switch (e.type) {
    case 'TaskCreated':
      return v;
    case 'TaskClaimed':
      return { ...v, status: 'claimed', claimedBy: e.data.agent, generation: e.data.generation, attempts: e.data.attempt, leaseUntil: e.data.leaseUntil, claimedAt: at, error: undefined };
    case 'TaskLeaseRenewed':
      return { ...v, leaseUntil: e.data.leaseUntil };
    case 'TaskLeaseExpired':
      return { ...v, status: 'pending', leaseUntil: undefined, claimedBy: undefined, error: `lease expired (attempt ${e.data.attempt})` };
    case 'TaskReleased':
      return { ...v, status: 'pending', leaseUntil: undefined, claimedBy: undefined, attempts: v.attempts - (e.data.attemptRefunded ? 1 : 0), error: `released: ${e.data.reason}` };
    case 'TaskCompleted':
      return { ...v, status: 'completed', leaseUntil: undefined, result: e.data.result, finishedAt: at };
    case 'TaskFailed':
      return { ...v, status: 'failed', leaseUntil: undefined, error: e.data.reason, deadLettered: e.data.deadLettered, finishedAt: at };
    case 'TaskCancelled':
      return { ...v, status: 'cancelled', leaseUntil: undefined, error: `Cancelled by ${e.data.by}: ${e.data.reason}`, finishedAt: at };
    case 'TaskPrioritySet':
      return { ...v, priority: e.data.priority };
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
 * The task board and queue (SPEC §4): every task with its state, ordered indexes for the queue (by type and
 * addressee), lists by status, type and agent, the dedup index of open titles, leases for the watchdog,
 * dead letters, fix rounds per product, and counts for queue stats.
 */
export const taskBoard: Projection = {
  name: 'tasks',
  version: 1,
  eventTypes: taskEventTypes,
  apply: (docs, recorded: RecordedEvent) => {
    const decoded = TaskEventCodec.decode({ type: recorded.type, data: recorded.data });
    if (decoded._tag === 'Left') return; // an event this version does not understand is not the board's concern
    const e = decoded.right;
    const id = recorded.stream.slice('task-'.length);
    const before = docs.get<TaskView>(TASK, id);
    if (before && recorded.position <= before.lastPosition) return; // redelivered
    let after: TaskView;
    if (e.type === 'TaskCreated') {
      if (before) return;
      after = {
        id,
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
      if (e.data.type === 'fix_product') {
        const product = identifyingTitle(e.data.payload);
        if (product) docs.put('fix-rounds', product, (docs.get<number>('fix-rounds', product) ?? 0) + 1);
      }
    } else {
      if (!before) return;
      unlist(docs, before);
      for (const key of countKeys(before)) bump(docs, key, -1);
      after = { ...next(before, e, recorded.metadata.at), lastPosition: recorded.position };
    }
    list(docs, after);
    for (const key of countKeys(after)) bump(docs, key, 1);
  },
};
