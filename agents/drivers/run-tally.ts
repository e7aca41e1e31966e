/**
 * The running totals of one run: every `usage` event a driver reports is summed here, so the outcome's totals are by
 * construction the sum of the events the dispatcher recorded (the port's contract).
 */
import type { DriverEvent, RunEnd, RunOutcome } from './driver.js';

export interface RunTally {
  readonly report: (event: DriverEvent) => void;
  readonly outcome: (end: {
    outcome: RunEnd;
    exitCode: number | null;
    durationMs: number;
    reason?: string;
    resetAt?: string;
  }) => RunOutcome;
}

export const createRunTally = (onEvent: (event: DriverEvent) => void): RunTally => {
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  return {
    report(event) {
      if (event.kind === 'usage') {
        inputTokens += event.inputTokens;
        outputTokens += event.outputTokens;
        costUsd = Math.round((costUsd + event.costUsd) * 1_000_000) / 1_000_000;
      }
      try {
        onEvent(event);
      } catch {
        // The dispatcher's recording failing must not kill the run; it learns of it from its own side.
      }
    },
    outcome(end) {
      return {
        exitCode: end.exitCode,
        durationMs: end.durationMs,
        inputTokens,
        outputTokens,
        costUsd,
        outcome: end.outcome,
        ...(end.reason !== undefined ? { reason: end.reason } : {}),
        ...(end.resetAt !== undefined ? { resetAt: end.resetAt } : {}),
      };
    },
  };
};

/** A reason fit for an event: one line, bounded. */
export const shortReason = (text: string, maxChars = 300): string => {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > maxChars ? `${oneLine.slice(0, maxChars - 1)}…` : oneLine;
};
