import * as t from 'io-ts';
import { Integer, IsoTime, NonEmptyText, NonNegativeNumber, WholeNumber } from './quantities.js';

export const RunOutcome = t.keyof(
  { completed: null, failed: null, stopped: null, crashed: null, rate_limited: null },
  'one of completed, failed, stopped, crashed, rate_limited',
);
export type RunOutcome = t.TypeOf<typeof RunOutcome>;

/**
 * How the run's agent processes were contained (SPEC §6 "Containment"): `bubblewrap`, or `none` where a person
 * started the swarm with `--unsafe-no-sandbox` (or bubblewrap could not run for the simulated agents). Recorded so
 * `swarm status` and the dashboard can say when agents ran unsandboxed; absent on runs recorded before it was kept.
 */
export const SandboxMode = t.keyof({ bubblewrap: null, none: null }, 'one of bubblewrap, none');
export type SandboxMode = t.TypeOf<typeof SandboxMode>;

export const RunStarted = t.type({
  type: t.literal('RunStarted'),
  data: t.intersection([
    t.type({
      runId: NonEmptyText,
      agent: NonEmptyText,
      driver: NonEmptyText,
      model: NonEmptyText,
      /** SHA-256 of the prompt the run was given; the prompt itself is stored at `promptPath`. */
      promptHash: NonEmptyText,
      promptPath: NonEmptyText,
      /** The run's raw output, kept in a file the events point to (SPEC §3.7). */
      logPath: NonEmptyText,
    }),
    // instance: the `swarm up` that runs it (`<host>:<pid>`), so a restart recognises the runs that died with it.
    t.partial({ taskId: t.string, sandbox: SandboxMode, instance: t.string }),
  ]),
});
export const RunProgressed = t.type({ type: t.literal('RunProgressed'), data: t.partial({ note: t.string }) });
export const ToolCalled = t.type({ type: t.literal('ToolCalled'), data: t.type({ name: NonEmptyText, inputSummary: t.string }) });
export const TokensUsed = t.type({
  type: t.literal('TokensUsed'),
  data: t.intersection([
    t.type({ agent: NonEmptyText, inputTokens: WholeNumber, outputTokens: WholeNumber, costUsd: NonNegativeNumber }),
    t.partial({ model: t.string, provider: t.string }),
  ]),
});
export const ProviderRateLimited = t.type({
  type: t.literal('ProviderRateLimited'),
  data: t.intersection([t.type({ provider: NonEmptyText }), t.partial({ resetAt: IsoTime })]),
});
export const RunFinished = t.type({
  type: t.literal('RunFinished'),
  data: t.intersection([
    t.type({
      exitCode: Integer,
      durationMs: WholeNumber,
      /** The run's totals: equal to the sum of its TokensUsed events (see decide). */
      inputTokens: WholeNumber,
      outputTokens: WholeNumber,
      costUsd: NonNegativeNumber,
      outcome: RunOutcome,
    }),
    t.partial({ reason: t.string }),
  ]),
});

export const RunEventCodec = t.union([RunStarted, RunProgressed, ToolCalled, TokensUsed, ProviderRateLimited, RunFinished]);
export type RunEvent = t.TypeOf<typeof RunEventCodec>;
export type TokensUsedData = t.TypeOf<typeof TokensUsed>['data'];
