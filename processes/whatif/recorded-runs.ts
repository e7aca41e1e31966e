import { isLeft } from 'fp-ts/lib/Either.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import { runStream } from '../../domain/run/index.js';
import type { RunRecording } from '../../agents/drivers/replay-driver.js';

/** One run as the log recorded it: where it started, what it was given, and how it went. */
export interface RecordedRun {
  readonly runId: string;
  readonly agent: string;
  readonly taskId: string | undefined;
  readonly driver: string;
  readonly model: string;
  readonly promptHash: string;
  readonly promptPath: string;
  readonly logPath: string;
  readonly correlationId: string;
  /** Position of its RunStarted: a fork "as of the run's start" sees the log strictly before it. */
  readonly startedAt: number;
  readonly at: string;
}

interface RunStartedData {
  runId: string;
  agent: string;
  taskId?: string;
  driver: string;
  model: string;
  promptHash: string;
  promptPath: string;
  logPath: string;
}

const recordedRun = (e: RecordedEvent): RecordedRun => {
  const d = e.data as RunStartedData;
  return {
    runId: d.runId,
    agent: d.agent,
    taskId: d.taskId,
    driver: d.driver,
    model: d.model,
    promptHash: d.promptHash,
    promptPath: d.promptPath,
    logPath: d.logPath,
    correlationId: e.metadata.correlationId,
    startedAt: e.position,
    at: e.metadata.at,
  };
};

/** The run's start as recorded, or undefined when the log has no such run. */
export const findRecordedRun = async (log: EventStore, runId: string): Promise<RecordedRun | undefined> => {
  const read = await log.readStream(runStream(runId), { maxCount: 1 });
  if (isLeft(read) || read.right[0]?.type !== 'RunStarted') return undefined;
  return recordedRun(read.right[0]);
};

/** Every run started at or after a position, in log order (the original history a fork is compared with). */
export const runsFrom = async (log: EventStore, position: number, limit = 500): Promise<RecordedRun[]> => {
  const runs: RecordedRun[] = [];
  for await (const e of log.readAll({ fromPosition: position, inclusive: true, filter: { eventTypes: ['RunStarted'] } })) {
    runs.push(recordedRun(e));
    if (runs.length >= limit) break;
  }
  return runs;
};

/**
 * Events a run's agent appended itself, through its commands: its decisions. The run's own stream (start, tool calls,
 * tokens, finish) and the dispatcher's bookkeeping under the agent's name (status, heartbeats) are not among them.
 */
export const isAgentEffect = (e: RecordedEvent, runId: string): boolean =>
  e.metadata.runId === runId &&
  e.metadata.actor.kind === 'agent' &&
  !e.stream.startsWith('run-') &&
  e.type !== 'AgentStatusChanged' &&
  e.type !== 'AgentHeartbeat';

/** The events between a run's start and its finish (both included), in log order. */
export const eventsOfRunSpan = async (log: EventStore, run: RecordedRun): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const e of log.readAll({ fromPosition: run.startedAt, inclusive: true })) {
    events.push(e);
    if (e.type === 'RunFinished' && e.stream === runStream(run.runId)) break;
  }
  return events;
};

/** What the replay driver needs to play a recorded run back: its steps, its decisions and how it ended. */
export const recordingOf = async (log: EventStore, run: RecordedRun): Promise<RunRecording> => {
  const span = await eventsOfRunSpan(log, run);
  const steps: RunRecording['steps'][number][] = [];
  let finished: { exitCode: number; outcome: string; reason?: string } | undefined;
  for (const e of span) {
    if (e.stream !== runStream(run.runId)) continue;
    const d = e.data as Record<string, unknown>;
    if (e.type === 'ToolCalled') steps.push({ kind: 'tool', name: String(d.name), summary: String(d.inputSummary ?? '') });
    else if (e.type === 'RunProgressed') steps.push({ kind: 'progress', ...(typeof d.note === 'string' ? { note: d.note } : {}) });
    else if (e.type === 'RunFinished') finished = { exitCode: Number(d.exitCode), outcome: String(d.outcome), ...(typeof d.reason === 'string' ? { reason: d.reason } : {}) };
  }
  return {
    runId: run.runId,
    agent: run.agent,
    logPath: run.logPath,
    steps,
    effects: span.filter((e) => isAgentEffect(e, run.runId)),
    exitCode: finished?.exitCode ?? 0,
    outcome: (['completed', 'failed', 'stopped', 'crashed', 'rate_limited'] as const).find((o) => o === finished?.outcome) ?? 'completed',
    ...(finished?.reason ? { reason: finished.reason } : {}),
  };
};
