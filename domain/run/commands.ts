import * as t from 'io-ts';
import { Integer, IsoTime, NonEmptyText, NonNegativeNumber, WholeNumber } from './quantities.js';
import { RunOutcome, SandboxMode } from './events.js';

export const StartRun = t.intersection([
  t.type({
    type: t.literal('StartRun'),
    runId: NonEmptyText,
    agent: NonEmptyText,
    driver: NonEmptyText,
    model: NonEmptyText,
    promptHash: NonEmptyText,
    promptPath: NonEmptyText,
    logPath: NonEmptyText,
  }),
  // instance: the `swarm up` that runs it (`<host>:<pid>`), so a restart recognises the runs that died with it.
  t.partial({ taskId: t.string, sandbox: SandboxMode, instance: t.string }),
]);
export const RecordRunProgress = t.intersection([t.type({ type: t.literal('RecordRunProgress') }), t.partial({ note: t.string })]);
export const RecordToolCall = t.type({ type: t.literal('RecordToolCall'), name: NonEmptyText, inputSummary: t.string });
export const RecordTokens = t.intersection([
  t.type({ type: t.literal('RecordTokens'), inputTokens: WholeNumber, outputTokens: WholeNumber, costUsd: NonNegativeNumber }),
  t.partial({ model: t.string, provider: t.string }),
]);
export const RecordRateLimit = t.intersection([
  t.type({ type: t.literal('RecordRateLimit'), provider: NonEmptyText }),
  t.partial({ resetAt: IsoTime }),
]);
export const FinishRun = t.intersection([
  t.type({
    type: t.literal('FinishRun'),
    exitCode: Integer,
    durationMs: WholeNumber,
    inputTokens: WholeNumber,
    outputTokens: WholeNumber,
    costUsd: NonNegativeNumber,
    outcome: RunOutcome,
  }),
  t.partial({ reason: t.string, model: t.string, provider: t.string }),
]);

export const RunCommandCodec = t.union([StartRun, RecordRunProgress, RecordToolCall, RecordTokens, RecordRateLimit, FinishRun]);
export type RunCommand = t.TypeOf<typeof RunCommandCodec>;
