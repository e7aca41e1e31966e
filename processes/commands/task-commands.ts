import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import { conflict, invalid, notFound, type DomainError } from '../../domain/errors.js';
import { TaskGate } from '../../domain/task/events.js';
import { taskDecider, taskStream, type TaskCommand, type TaskDecisionContext } from '../../domain/task/index.js';
import { identifyingTitle, knownTaskTypes, roleOfAgent, typesOfRole, withProductOf } from '../../domain/task/task-rules.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { DocReader } from '../../projections/engine/projection.js';
import { claimCandidates, findTask, fixRounds, openDuplicate } from '../../projections/tasks/queries.js';
import { fixRoundKey, ideaEnteringAgain, withProjectKeys } from '../pipeline/project-keys.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import { originOf } from './command-origin.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

const AgentId = t.refinement(t.string, (s) => roleOfAgent(s) !== undefined, 'an agent: a role (hunter, critic, pm, builder, reviewer, tester, publisher, meta, liaison, support) or an instance of one such as builder-2');
const TaskType = t.refinement(t.string, (s) => knownTaskTypes.includes(s), `a task type: ${knownTaskTypes.join(', ')}`);
const Priority = t.refinement(t.number, (n) => Number.isInteger(n), 'a whole number (clamped to 1–10)');

export const CreateTaskInput = t.intersection([
  t.type({ type: TaskType }),
  t.partial({ priority: Priority, payload: t.UnknownRecord, assignedTo: AgentId, parentTaskId: t.string, allowDuplicates: t.boolean, gate: TaskGate, revive: t.string }),
]);
export type CreateTaskInput = t.TypeOf<typeof CreateTaskInput>;

const ClaimInput = t.intersection([t.type({ agent: AgentId }), t.partial({ types: t.array(TaskType) })]);
const FinishInput = t.intersection([t.type({ taskId: t.string, agent: AgentId }), t.partial({ generation: t.number })]);
const CompleteInput = t.intersection([FinishInput, t.partial({ result: t.unknown })]);
const FailInput = t.intersection([FinishInput, t.type({ reason: t.string })]);
const ReleaseInput = t.intersection([FinishInput, t.type({ reason: t.string }), t.partial({ attemptRefunded: t.boolean })]);
const CancelInput = t.type({ taskId: t.string, reason: t.string });
const PriorityInput = t.type({ taskId: t.string, priority: Priority });

const decisionContext = (runtime: SwarmRuntime, caller: CommandCaller, facts: Partial<TaskDecisionContext> = {}): TaskDecisionContext => ({
  now: runtime.now(),
  actor: caller.actor,
  leaseSeconds: runtime.settings.leaseSeconds,
  maxAttempts: runtime.settings.maxAttempts,
  maxFixRounds: runtime.settings.maxFixRounds,
  ...facts,
});

const board = (runtime: SwarmRuntime): Promise<DocReader> => freshReader(runtime.log, runtime.projections, taskBoard);

/** Resolves a full task id or a unique prefix against the board. */
export const resolveTask = async (runtime: SwarmRuntime, idOrPrefix: string): Promise<Either<DomainError, TaskView>> => {
  const found = findTask(await board(runtime), idOrPrefix);
  if (found.kind === 'found') return right(found.task);
  if (found.kind === 'ambiguous')
    return left(invalid(`task id prefix "${idOrPrefix}" matches several tasks: ${found.matches.join(', ')}`, { field: 'taskId' }));
  return left(notFound(`no task ${idOrPrefix}`, { field: 'taskId' }));
};

export interface CreatedTask {
  readonly taskId: string;
  readonly created: boolean;
  readonly priority: number;
  readonly position: number;
}

/**
 * Creates a task after looking up the facts its rules need: an open duplicate (dedup, W-06) and, for a fix, how
 * many fix rounds the product has had (the test/fix loop cap). Process managers pass `taskId` and `eventIds` derived
 * from the causing event so a redelivery creates nothing new.
 */
export const createTask = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  options: { taskId?: string; eventIds?: (i: number) => string } = {},
): Promise<Either<DomainError, CreatedTask>> => {
  const decoded = decodeWith(CreateTaskInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const reader = await board(runtime);
  const runTask = caller.taskId ? reader.get<TaskView>('task', caller.taskId) : undefined;
  const payload = withProductOf(i.type, i.payload ?? {}, runTask?.payload);
  const title = identifyingTitle(payload);
  const projectId = typeof payload.project_id === 'string' && payload.project_id.trim() !== '' ? payload.project_id.trim() : undefined;
  const duplicateOf = title === undefined ? undefined : openDuplicate(reader, i.type, title, projectId);
  // The fix-round count is the project's own (two projects of one name never share it), else the product name's.
  const fixKey = i.type === 'fix_product' ? fixRoundKey(payload) : undefined;
  const rounds = fixKey !== undefined ? fixRounds(reader, fixKey) : undefined;
  const knownIdea = title !== undefined ? await ideaEnteringAgain(runtime, i.type, title) : undefined;
  const parent = i.parentTaskId ? reader.get<TaskView>('task', i.parentTaskId) : undefined;
  if (i.parentTaskId && !parent) return left(notFound(`no parent task ${i.parentTaskId}`, { field: 'parentTaskId' }));
  const taskId = options.taskId ?? runtime.newId();
  const command: TaskCommand = {
    type: 'CreateTask',
    taskId,
    taskType: i.type,
    priority: i.priority ?? 5,
    payload: withProjectKeys(i.type, taskId, payload),
    ...(i.assignedTo ? { assignedTo: i.assignedTo } : {}),
    ...(i.parentTaskId ? { parentTaskId: i.parentTaskId } : {}),
    ...(i.allowDuplicates ? { allowDuplicates: true } : {}),
    ...(i.gate ? { gate: i.gate } : {}),
    ...(i.revive !== undefined ? { reviveReason: i.revive } : {}),
  };
  const ctx = decisionContext(runtime, caller, {
    ...(duplicateOf ? { duplicateOf } : {}),
    ...(rounds !== undefined ? { fixRounds: rounds } : {}),
    ...(knownIdea ? { knownIdea } : {}),
  });
  const handled = await handleCommand(runtime, taskDecider, taskStream(taskId), command, ctx, originOf(runtime, caller, parent?.correlationId ?? taskId), {
    ...(options.eventIds ? { eventIds: options.eventIds } : {}),
  });
  if (isLeft(handled)) return handled;
  const event = handled.right.events[0];
  const data = event?.data as { priority?: number } | undefined;
  return right({ taskId, created: handled.right.events.length > 0, priority: data?.priority ?? command.priority, position: handled.right.position });
};

export type ClaimOutcome =
  | { readonly status: 'claimed'; readonly task: TaskView & { readonly generation: number; readonly leaseUntil: string } }
  | { readonly status: 'no_tasks' };

/** Within the top priority group, workers start at different candidates so they do not all race for the same task. */
const spread = <T>(candidates: readonly T[], priorityOf: (c: T) => number, width = 8): T[] => {
  if (candidates.length < 2) return [...candidates];
  const top = priorityOf(candidates[0]!);
  let group = 1;
  while (group < Math.min(width, candidates.length) && priorityOf(candidates[group]!) === top) group++;
  const offset = Math.floor(Math.random() * group);
  const head = candidates.slice(0, group);
  return [...head.slice(offset), ...head.slice(0, offset), ...candidates.slice(group)];
};

/**
 * Claims the next task for an agent: candidates in queue order (priority desc, then age; unassigned or addressed
 * to the agent), each tried with the task stream's exact revision until one wins. Losing a race moves on to the next
 * candidate (W-01: "lost a race" never looks like "queue empty"); `no_tasks` means nothing claimable remained.
 */
export const claimTask = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, ClaimOutcome>> => {
  const decoded = decodeWith(ClaimInput)(input);
  if (isLeft(decoded)) return decoded;
  const { agent } = decoded.right;
  const types = decoded.right.types ?? typesOfRole(roleOfAgent(agent)!);
  for (let round = 0; round < 50; round++) {
    const reader = await board(runtime);
    const candidates = spread(claimCandidates(reader, agent, types), (c) => c.priority);
    if (candidates.length === 0) return right({ status: 'no_tasks' });
    for (const candidate of candidates) {
      const view = reader.get<TaskView>('task', candidate.id);
      const handled = await handleCommand(
        runtime,
        taskDecider,
        taskStream(candidate.id),
        { type: 'ClaimTask', agent, types: [...types] },
        decisionContext(runtime, caller),
        originOf(runtime, caller, view?.correlationId),
        { maxRetries: 0 },
      );
      if (isLeft(handled)) {
        if (handled.left.code === 'invalid') return handled;
        continue; // someone else won this one: try the next candidate
      }
      const claimed = handled.right.events[0]!.data as { generation: number; leaseUntil: string; attempt: number; agent: string };
      return right({
        status: 'claimed',
        task: { ...view!, status: 'claimed', claimedBy: agent, generation: claimed.generation, attempts: claimed.attempt, leaseUntil: claimed.leaseUntil, claimedAt: runtime.now() },
      });
    }
  }
  return left(conflict('could not claim a task: every candidate was taken by others; try again'));
};

/** Runs one command against an existing task (found by id or unique prefix) in the task's causal chain. */
const onTask = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  idOrPrefix: string,
  command: (task: TaskView) => TaskCommand,
): Promise<Either<DomainError, { taskId: string; status: string; events: number }>> => {
  const task = await resolveTask(runtime, idOrPrefix);
  if (isLeft(task)) return task;
  const handled = await handleCommand(runtime, taskDecider, taskStream(task.right.id), command(task.right), decisionContext(runtime, caller), originOf(runtime, caller, task.right.correlationId));
  if (isLeft(handled)) return handled;
  const last = handled.right.events[handled.right.events.length - 1];
  const status =
    last === undefined ? task.right.status : { TaskCompleted: 'completed', TaskFailed: 'failed', TaskCancelled: 'cancelled', TaskReleased: 'pending', TaskLeaseExpired: 'pending' }[last.type as string] ?? task.right.status;
  return right({ taskId: task.right.id, status, events: handled.right.events.length });
};

const decodeThen = <A, R>(codec: t.Type<A, unknown, unknown>, input: unknown, then: (a: A) => Promise<Either<DomainError, R>>) => {
  const decoded = decodeWith(codec)(input);
  return isLeft(decoded) ? Promise.resolve(decoded) : then(decoded.right);
};

export const completeTask = (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) =>
  decodeThen(CompleteInput, input, (i) =>
    onTask(runtime, caller, i.taskId, () => ({ type: 'CompleteTask', agent: i.agent, result: i.result ?? null, ...(i.generation !== undefined ? { generation: i.generation } : {}) })),
  );

export const failTask = (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) =>
  decodeThen(FailInput, input, (i) =>
    onTask(runtime, caller, i.taskId, () => ({ type: 'FailTask', agent: i.agent, reason: i.reason, ...(i.generation !== undefined ? { generation: i.generation } : {}) })),
  );

export const releaseTask = (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) =>
  decodeThen(ReleaseInput, input, (i) =>
    onTask(runtime, caller, i.taskId, () => ({
      type: 'ReleaseTask',
      agent: i.agent,
      reason: i.reason,
      attemptRefunded: i.attemptRefunded ?? false,
      ...(i.generation !== undefined ? { generation: i.generation } : {}),
    })),
  );

export const renewLease = (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) =>
  decodeThen(t.type({ taskId: t.string, agent: AgentId, generation: t.number }), input, (i) =>
    onTask(runtime, caller, i.taskId, () => ({ type: 'RenewLease', agent: i.agent, generation: i.generation })),
  );

export const expireLease = (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) =>
  decodeThen(t.type({ taskId: t.string, generation: t.number }), input, (i) =>
    onTask(runtime, caller, i.taskId, () => ({ type: 'ExpireLease', generation: i.generation })),
  );

export const cancelTask = (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) =>
  decodeThen(CancelInput, input, (i) => onTask(runtime, caller, i.taskId, () => ({ type: 'CancelTask', reason: i.reason })));

export const setTaskPriority = (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) =>
  decodeThen(PriorityInput, input, (i) => onTask(runtime, caller, i.taskId, () => ({ type: 'SetTaskPriority', priority: i.priority })));
