import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { AgentDriver, DriverEvent, RunEnd, RunOutcome, RunRequest } from './driver.js';

/** A recorded run, as the replay driver plays it back. */
export interface RunRecording {
  /** The recorded run's id (in the log it was recorded in). */
  readonly runId: string;
  readonly agent: string;
  /** The recorded run's raw output, copied to the replayed run's log. */
  readonly logPath: string;
  /** What the run reported as it went on, in order. */
  readonly steps: readonly ({ readonly kind: 'tool'; readonly name: string; readonly summary: string } | { readonly kind: 'progress'; readonly note?: string })[];
  /** The events its agent appended through its commands (its decisions), in order. */
  readonly effects: readonly RecordedEvent[];
  readonly exitCode: number;
  readonly outcome: RunEnd;
  readonly reason?: string;
}

/**
 * Where a replayed run's decisions go (a port: the what-if fork appends them to its own log under the new run).
 * It is told the request, whose environment carries the run's claim (SWARM_TASK_ID, SWARM_CLAIM_GENERATION …).
 */
export interface RecordedEffects {
  play(effects: readonly RecordedEvent[], request: RunRequest): Promise<void>;
}

/**
 * The `replay` driver (issue 20 point 3): plays a recorded run back — its progress notes and tool calls as driver
 * events, its raw output into the new run's log, and its agent's decisions through `RecordedEffects` — without
 * starting an agent or calling an LLM. It reports no usage: a replayed run costs no tokens. A what-if fork uses it for
 * every run whose prompt is unchanged (the same prompt hash as the recording).
 */
export const createReplayDriver = (recording: RunRecording, effects: RecordedEffects): AgentDriver => ({
  name: 'replay',
  usesLlm: false,
  run: async (request: RunRequest, onEvent: (event: DriverEvent) => void): Promise<RunOutcome> => {
    const started = Date.now();
    const end = (outcome: RunEnd, exitCode: number | null, reason?: string): RunOutcome => ({
      exitCode,
      durationMs: Date.now() - started,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      outcome,
      ...(reason ? { reason } : {}),
    });
    if (request.signal.aborted) return end('stopped', null, 'stopped before it started');
    mkdirSync(dirname(request.logPath), { recursive: true });
    if (existsSync(recording.logPath)) copyFileSync(recording.logPath, request.logPath);
    else writeFileSync(request.logPath, `(the recorded output of run ${recording.runId} is not at ${recording.logPath})\n`);
    for (const step of recording.steps) onEvent(step.kind === 'tool' ? { kind: 'tool', name: step.name, summary: step.summary } : { kind: 'progress', ...(step.note ? { note: step.note } : {}) });
    try {
      await effects.play(recording.effects, request);
    } catch (e) {
      return end('crashed', null, `replaying run ${recording.runId} failed: ${(e as Error).message}`);
    }
    return end(recording.outcome, recording.exitCode, recording.reason);
  },
});
