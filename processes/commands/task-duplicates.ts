import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import type { DomainError } from '../../domain/errors.js';
import { knownTaskTypes } from '../../domain/task/task-rules.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { taskKeys } from '../../projections/tasks/task-keys.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';
import { cancelTask } from './task-commands.js';

/**
 * ORCH-17: among pending tasks of any type with this identifying title, keeps the first in queue order and cancels
 * the others as duplicates of it. Returns what it kept (undefined when there was at most one).
 */
export const cancelDuplicates = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  title: string,
): Promise<Either<DomainError, { kept: string | null; cancelledIds: string[] }>> => {
  const board = await freshReader(runtime.log, runtime.projections, taskBoard);
  const pending = knownTaskTypes
    .flatMap((type) => board.page<string>('open-title', { prefix: taskKeys.openTitlePrefix(type, title) }))
    .map((id) => board.get<TaskView>('task', id)!)
    .filter((task) => task.status === 'pending')
    .sort((a, b) => b.priority - a.priority || a.createdPosition - b.createdPosition);
  if (pending.length <= 1) return right({ kept: pending[0]?.id ?? null, cancelledIds: [] });
  const [keep, ...rest] = pending;
  const cancelledIds: string[] = [];
  for (const task of rest) {
    const done = await cancelTask(runtime, caller, { taskId: task.id, reason: `Duplicate of ${keep!.id}` });
    if (isLeft(done)) return done;
    cancelledIds.push(task.id);
  }
  return right({ kept: keep!.id, cancelledIds });
};
