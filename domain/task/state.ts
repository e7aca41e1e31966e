import type { TaskGate, TaskEvent } from './events.js';

export type TaskStatus = 'none' | 'pending' | 'claimed' | 'completed' | 'failed' | 'cancelled';

export interface TaskState {
  readonly status: TaskStatus;
  readonly taskId?: string;
  readonly type?: string;
  readonly priority: number;
  readonly title?: string;
  /** Routing: the agent the task is addressed to (kept through lease expiry). */
  readonly assignedTo?: string;
  readonly createdBy?: string;
  readonly gate?: TaskGate;
  /** The agent working on it now, while claimed. */
  readonly holder?: string;
  /** Claim generation (fencing token): increases with every claim. */
  readonly generation: number;
  readonly leaseUntil?: string;
  /** Claims that counted against the task (a refunded release does not count). */
  readonly attempts: number;
}

export const initialState: TaskState = { status: 'none', priority: 0, generation: 0, attempts: 0 };

export const evolve = (s: TaskState, e: TaskEvent): TaskState => {
  switch (e.type) {
    case 'TaskCreated':
      return {
        ...s,
        status: 'pending',
        taskId: e.data.taskId,
        type: e.data.type,
        priority: e.data.priority,
        title: e.data.title,
        assignedTo: e.data.assignedTo,
        createdBy: e.data.createdBy,
        gate: e.data.gate,
      };
    case 'TaskClaimed':
      return { ...s, status: 'claimed', holder: e.data.agent, generation: e.data.generation, attempts: e.data.attempt, leaseUntil: e.data.leaseUntil };
    case 'TaskLeaseRenewed':
      return { ...s, leaseUntil: e.data.leaseUntil };
    case 'TaskLeaseExpired':
      return { ...s, status: 'pending', holder: undefined, leaseUntil: undefined };
    case 'TaskReleased':
      return { ...s, status: 'pending', holder: undefined, leaseUntil: undefined, attempts: s.attempts - (e.data.attemptRefunded ? 1 : 0) };
    case 'TaskCompleted':
      return { ...s, status: 'completed', holder: undefined, leaseUntil: undefined };
    case 'TaskFailed':
      return { ...s, status: 'failed', holder: undefined, leaseUntil: undefined };
    case 'TaskCancelled':
      return { ...s, status: 'cancelled', holder: undefined, leaseUntil: undefined };
    case 'TaskPrioritySet':
      return { ...s, priority: e.data.priority };
    default: {
      const unknownEvent: never = e;
      return unknownEvent;
    }
  }
};
