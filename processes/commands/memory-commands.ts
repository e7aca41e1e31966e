import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
import { Importance, memoryDecider, memoryStream, MemoryType, Tag, type MemoryCommand } from '../../domain/memory/index.js';
import { NonEmptyText, NonNegativeNumber } from '../../domain/run/quantities.js';
import { originOf } from './command-origin.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

const AddInput = t.intersection([
  t.type({ type: MemoryType, content: NonEmptyText }),
  t.partial({ memoryId: NonEmptyText, tags: t.array(Tag), importance: Importance, incomePotential: NonNegativeNumber }),
]);
const ForgetInput = t.type({ memoryId: NonEmptyText, reason: NonEmptyText });

/** Importance when none is given: the middle of 1–10 (agents are told to keep what matters at 6 or more). */
export const defaultImportance = 5;

export interface MemoryCommandResult {
  readonly memoryId: string;
  readonly appended: readonly string[];
  readonly position: number;
}

const onMemory = async (runtime: SwarmRuntime, caller: CommandCaller, memoryId: string, command: MemoryCommand): Promise<Either<DomainError, MemoryCommandResult>> => {
  const handled = await handleCommand(runtime, memoryDecider, memoryStream(memoryId), command, { now: runtime.now(), actor: caller.actor }, originOf(runtime, caller));
  if (isLeft(handled)) return handled;
  return right({ memoryId, appended: handled.right.events.map((e) => e.type), position: handled.right.position });
};

/** Records a long-term memory (a new id unless given); the author is the caller. */
export const addMemory = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(AddInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const memoryId = i.memoryId ?? runtime.newId();
  return onMemory(runtime, caller, memoryId, {
    type: 'RecordMemory',
    memoryId,
    memoryType: i.type,
    content: i.content.trim(),
    tags: i.tags ?? [],
    importance: i.importance ?? defaultImportance,
    incomePotential: i.incomePotential ?? 0,
  });
};

export const forgetMemory = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown) => {
  const decoded = decodeWith(ForgetInput)(input);
  if (isLeft(decoded)) return decoded;
  return onMemory(runtime, caller, decoded.right.memoryId, { type: 'ForgetMemory', reason: decoded.right.reason });
};
