import { isLeft, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import type { DomainError } from '../../domain/errors.js';
import { Integer, IsoTime, NonEmptyText, NonNegativeNumber, WholeNumber } from '../../domain/run/quantities.js';
import { runDecider, RunOutcome, runStream, SandboxMode, type RunCommand } from '../../domain/run/index.js';
import { AgentId } from './agent-commands.js';
import { handleCommand } from './handle-command.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';

const StartInput = t.intersection([
  t.type({ agent: AgentId, driver: NonEmptyText, model: NonEmptyText, promptHash: NonEmptyText, promptPath: NonEmptyText, logPath: NonEmptyText }),
  t.partial({ runId: NonEmptyText, taskId: t.string, sandbox: SandboxMode, instance: t.string }),
]);
const RunId = t.type({ runId: NonEmptyText });
const ProgressInput = t.intersection([RunId, t.partial({ note: t.string })]);
const ToolInput = t.intersection([RunId, t.type({ name: NonEmptyText, inputSummary: t.string })]);
const TokensInput = t.intersection([
  RunId,
  t.type({ inputTokens: WholeNumber, outputTokens: WholeNumber, costUsd: NonNegativeNumber }),
  t.partial({ model: t.string, provider: t.string }),
]);
const RateLimitInput = t.intersection([RunId, t.type({ provider: NonEmptyText }), t.partial({ resetAt: IsoTime })]);
const FinishInput = t.intersection([
  RunId,
  t.type({ exitCode: Integer, durationMs: WholeNumber, inputTokens: WholeNumber, outputTokens: WholeNumber, costUsd: NonNegativeNumber, outcome: RunOutcome }),
  t.partial({ reason: t.string, model: t.string, provider: t.string }),
]);

export interface RunCommandResult {
  readonly runId: string;
  readonly appended: readonly string[];
  readonly position: number;
}

/** A run's events carry its id as `runId` in their metadata, so replay can gather everything a run caused. */
const onRun = async (runtime: SwarmRuntime, caller: CommandCaller, runId: string, command: RunCommand): Promise<Either<DomainError, RunCommandResult>> => {
  const correlationId = caller.correlationId ?? runId;
  const origin = { correlationId, causationId: caller.causationId ?? correlationId, runId };
  const handled = await handleCommand(runtime, runDecider, runStream(runId), command, { now: runtime.now(), actor: caller.actor }, origin);
  if (isLeft(handled)) return handled;
  return right({ runId, appended: handled.right.events.map((e) => e.type), position: handled.right.position });
};

const withRun =
  <A extends { runId: string }>(codec: t.Type<A, unknown, unknown>, toCommand: (input: A) => RunCommand) =>
  async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, RunCommandResult>> => {
    const decoded = decodeWith(codec)(input);
    if (isLeft(decoded)) return decoded;
    return onRun(runtime, caller, decoded.right.runId, toCommand(decoded.right));
  };

/** Starts a run (a new id unless given: the dispatcher derives it from the claim so a restart starts nothing twice). */
export const startRun = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, RunCommandResult>> => {
  const decoded = decodeWith(StartInput)(input);
  if (isLeft(decoded)) return decoded;
  const runId = decoded.right.runId ?? runtime.newId();
  return onRun(runtime, caller, runId, { type: 'StartRun', ...decoded.right, runId });
};

export const recordRunProgress = withRun(ProgressInput, ({ runId: _, ...i }) => ({ type: 'RecordRunProgress', ...i }));
export const recordToolCall = withRun(ToolInput, ({ runId: _, ...i }) => ({ type: 'RecordToolCall', ...i }));
export const recordTokens = withRun(TokensInput, ({ runId: _, ...i }) => ({ type: 'RecordTokens', ...i }));
export const recordRateLimit = withRun(RateLimitInput, ({ runId: _, ...i }) => ({ type: 'RecordRateLimit', ...i }));
export const finishRun = withRun(FinishInput, ({ runId: _, ...i }) => ({ type: 'FinishRun', ...i }));
