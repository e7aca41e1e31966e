import * as t from 'io-ts';
import { RevivedIdea } from '../project/known-idea.js';

const event = <T extends string, D extends t.Mixed>(type: T, data: D) => t.type({ type: t.literal(type), data });
const optional = <P extends t.Props, O extends t.Props>(required: P, partial: O) => t.intersection([t.type(required), t.partial(partial)]);

/** The human decision a gated task follows: a project approval (build) or a product approval (publish). */
export const TaskGate = t.type({ kind: t.keyof({ project: null, approval: null }), id: t.string });
export type TaskGate = t.TypeOf<typeof TaskGate>;

export const TaskCreated = event(
  'TaskCreated',
  optional(
    { taskId: t.string, type: t.string, priority: t.number, payload: t.UnknownRecord, createdBy: t.string },
    { title: t.string, assignedTo: t.string, parentTaskId: t.string, gate: TaskGate, revived: RevivedIdea },
  ),
);
/** `generation` fences the holder: complete/fail are accepted only with the current one. */
export const TaskClaimed = event('TaskClaimed', t.type({ agent: t.string, generation: t.number, attempt: t.number, leaseUntil: t.string }));
export const TaskLeaseRenewed = event('TaskLeaseRenewed', t.type({ agent: t.string, generation: t.number, leaseUntil: t.string }));
/** The holder stopped making progress: back to pending, keeping the routing (`assignedTo`), unlike the original (W-04). */
export const TaskLeaseExpired = event('TaskLeaseExpired', t.type({ agent: t.string, generation: t.number, attempt: t.number }));
/** The holder gave the task back unfinished (shutdown, rate limit): back to pending; `attemptRefunded` when it was not the task's fault. */
export const TaskReleased = event('TaskReleased', t.type({ agent: t.string, generation: t.number, reason: t.string, attemptRefunded: t.boolean }));
export const TaskCompleted = event('TaskCompleted', t.type({ agent: t.string, generation: t.number, result: t.unknown }));
export const TaskFailed = event(
  'TaskFailed',
  optional({ reason: t.string, deadLettered: t.boolean }, { agent: t.string, generation: t.number }),
);
export const TaskCancelled = event('TaskCancelled', t.type({ reason: t.string, by: t.string }));
export const TaskPrioritySet = event('TaskPrioritySet', t.type({ priority: t.number, by: t.string }));

export const TaskEventCodec = t.union([
  TaskCreated,
  TaskClaimed,
  TaskLeaseRenewed,
  TaskLeaseExpired,
  TaskReleased,
  TaskCompleted,
  TaskFailed,
  TaskCancelled,
  TaskPrioritySet,
]);
export type TaskEvent = t.TypeOf<typeof TaskEventCodec>;
export type TaskEventType = TaskEvent['type'];
export const taskEventTypes: readonly TaskEventType[] = TaskEventCodec.types.map((c) => c.props.type.value);
