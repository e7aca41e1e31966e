import * as t from 'io-ts';
import { TaskGate } from './events.js';

const command = <T extends string, P extends t.Props, O extends t.Props = {}>(type: T, required: P, partial?: O) =>
  t.intersection([t.type({ type: t.literal(type), ...required }), t.partial(partial ?? ({} as O))]);

const Priority = t.refinement(t.number, (n) => Number.isInteger(n), 'a whole number (clamped to 1–10)');
const TaskType = t.refinement(t.string, (s) => /^[a-z][a-z0-9_]{0,63}$/.test(s), 'a task type (lower_snake_case)');

export const CreateTask = command(
  'CreateTask',
  { taskId: t.string, taskType: TaskType, priority: Priority, payload: t.UnknownRecord },
  // reviveReason: a person creating the task of an idea the swarm already took up, on purpose (`--revive`).
  { assignedTo: t.string, parentTaskId: t.string, allowDuplicates: t.boolean, gate: TaskGate, reviveReason: t.string },
);
/** `types` are the task types the claimer's role works on (a directive addressed to it is always claimable). */
export const ClaimTask = command('ClaimTask', { agent: t.string, types: t.array(t.string) });
export const RenewLease = command('RenewLease', { agent: t.string, generation: t.number });
export const ExpireLease = command('ExpireLease', { generation: t.number });
export const ReleaseTask = command('ReleaseTask', { agent: t.string, reason: t.string, attemptRefunded: t.boolean }, { generation: t.number });
export const CompleteTask = command('CompleteTask', { agent: t.string, result: t.unknown }, { generation: t.number });
export const FailTask = command('FailTask', { agent: t.string, reason: t.string }, { generation: t.number });
export const CancelTask = command('CancelTask', { reason: t.string });
export const SetTaskPriority = command('SetTaskPriority', { priority: Priority });

export const TaskCommandCodec = t.union([
  CreateTask,
  ClaimTask,
  RenewLease,
  ExpireLease,
  ReleaseTask,
  CompleteTask,
  FailTask,
  CancelTask,
  SetTaskPriority,
]);
export type TaskCommand = t.TypeOf<typeof TaskCommandCodec>;
