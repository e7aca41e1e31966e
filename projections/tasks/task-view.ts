import type { TaskStatus } from '../../domain/task/index.js';

/** One task as the board shows it. */
export interface TaskView {
  readonly id: string;
  readonly type: string;
  readonly priority: number;
  readonly payload: Record<string, unknown>;
  readonly title?: string;
  readonly status: Exclude<TaskStatus, 'none'>;
  /** Routing: the agent the task is addressed to. */
  readonly assignedTo?: string;
  /** The agent holding (or who last held) the claim. */
  readonly claimedBy?: string;
  readonly generation: number;
  readonly attempts: number;
  readonly leaseUntil?: string;
  readonly createdBy: string;
  readonly parentTaskId?: string;
  readonly createdAt: string;
  readonly claimedAt?: string;
  readonly finishedAt?: string;
  readonly result?: unknown;
  readonly error?: string;
  readonly deadLettered: boolean;
  /** Global position of the creation: the task's age, for "oldest first". */
  readonly createdPosition: number;
  /** Global position of the last event folded in (redelivery of an older event changes nothing). */
  readonly lastPosition: number;
  readonly correlationId: string;
}

/** Who the board lists a task under: its holder, else the agent it is addressed to. */
export const agentOf = (v: TaskView): string | undefined => v.claimedBy ?? v.assignedTo;

/** Every status a task on the board can have (the lists by status are merged over these for a list of all). */
export const boardStatuses = ['pending', 'claimed', 'completed', 'failed', 'cancelled'] as const satisfies readonly TaskView['status'][];
