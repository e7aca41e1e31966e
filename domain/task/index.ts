import type { Decider } from '../decider.js';
import type { TaskCommand } from './commands.js';
import { decide, type TaskDecisionContext } from './decide.js';
import type { TaskEvent } from './events.js';
import { evolve, initialState, type TaskState } from './state.js';

export const taskDecider: Decider<TaskCommand, TaskEvent, TaskState, TaskDecisionContext> = { initialState, decide, evolve };

export const taskStream = (taskId: string): string => `task-${taskId}`;

export type { TaskCommand } from './commands.js';
export type { TaskDecisionContext } from './decide.js';
export type { TaskEvent } from './events.js';
export type { TaskState, TaskStatus } from './state.js';
