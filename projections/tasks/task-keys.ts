import type { TaskView } from './task-view.js';

/**
 * Ordered keys of the board's index collections: higher priority first, then older first. Priority is stored as
 * `10 - priority` on two digits and the creation position on 15 digits, so key order is the queue order.
 */
export const queueOrder = (v: Pick<TaskView, 'priority' | 'createdPosition' | 'id'>) =>
  `${String(10 - v.priority).padStart(2, '0')}|${String(v.createdPosition).padStart(15, '0')}|${v.id}`;

export const taskKeys = {
  /** Claimable work: pending tasks by type, then addressee (`*` for anyone), then queue order. */
  queue: (v: TaskView) => `${v.type}|${v.assignedTo ?? '*'}|${queueOrder(v)}`,
  queuePrefix: (type: string, addressee: string | undefined) => `${type}|${addressee ?? '*'}|`,
  // Lists by status only: a list of every status (all tasks, a type's, an agent's) merges one page per status,
  // which costs a query a few index reads and saves every task three index rows (half the board's rows).
  byStatus: (v: TaskView) => `${v.status}|${queueOrder(v)}`,
  byTypeStatus: (v: TaskView) => `${v.type}|${v.status}|${queueOrder(v)}`,
  byAgentStatus: (agent: string, v: TaskView) => `${agent}|${v.status}|${queueOrder(v)}`,
  /** Pending or claimed tasks by type and identifying title: the dedup index. */
  openTitle: (v: TaskView) => `${v.type}|${v.title}|${v.id}`,
  openTitlePrefix: (type: string, title: string) => `${type}|${title}|`,
  /** Claimed tasks by lease end, for the lease watchdog. */
  lease: (v: TaskView) => `${v.leaseUntil}|${v.id}`,
  deadLetter: (v: TaskView) => `${String(v.lastPosition).padStart(15, '0')}|${v.id}`,
};

