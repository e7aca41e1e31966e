import type { TimelineEvent } from '../api/views.js';

/** One run of a timeline, read as a decision: who, what they decided, what it cost and what it caused. */
export interface RunDecision {
  readonly kind: 'run';
  readonly runId: string;
  readonly agent: string;
  readonly started: TimelineEvent;
  /** The task's result as the run left it (TaskCompleted / TaskFailed), if the timeline has it. */
  readonly decision: TimelineEvent | undefined;
  readonly tokens: number;
  readonly costUsd: number;
  /** Events the run caused outside its own record: its agent's commands and what the swarm did about them. */
  readonly followUps: readonly TimelineEvent[];
  /** Every event of the run and of what it caused, in log order. */
  readonly events: readonly TimelineEvent[];
}

export interface LooseEvent {
  readonly kind: 'event';
  readonly event: TimelineEvent;
}

export type DecisionRow = RunDecision | LooseEvent;

const bookkeeping = new Set(['AgentStatusChanged', 'AgentHeartbeat', 'TaskLeaseRenewed']);

const data = (e: TimelineEvent): Record<string, unknown> => (e.data && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {});

/**
 * The timeline as rows of decisions (issue 20 point 4): each run one row, holding its own events and everything
 * caused by them (followed through causation ids); events outside any run stay rows of their own.
 */
export const decisionsOf = (events: readonly TimelineEvent[]): DecisionRow[] => {
  const runs = new Map<string, { started: TimelineEvent; events: TimelineEvent[] }>();
  const ownerOf = new Map<string, string>();
  const rows: (DecisionRow | { kind: 'pending'; runId: string })[] = [];
  for (const e of events) {
    const cause = ownerOf.get(e.causationId);
    const runId = e.runId && runs.has(e.runId) ? e.runId : e.type === 'RunStarted' && e.runId ? e.runId : cause;
    if (runId === undefined) {
      rows.push({ kind: 'event', event: e });
      continue;
    }
    if (!runs.has(runId)) {
      runs.set(runId, { started: e, events: [] });
      rows.push({ kind: 'pending', runId });
    }
    runs.get(runId)!.events.push(e);
    ownerOf.set(e.id, runId);
  }
  return rows.map((row) => {
    if (row.kind !== 'pending') return row;
    const run = runs.get(row.runId)!;
    const own = `run-${row.runId}`;
    const taskId = String(data(run.started).taskId ?? '');
    const decision = run.events.find((e) => (e.type === 'TaskCompleted' || e.type === 'TaskFailed') && (!taskId || e.stream === `task-${taskId}`));
    const finished = run.events.find((e) => e.type === 'RunFinished' && e.stream === own);
    const usage = run.events.filter((e) => e.type === 'TokensUsed' && e.stream === own);
    const total = (field: string) => (finished ? Number(data(finished)[field] ?? 0) : usage.reduce((sum, e) => sum + Number(data(e)[field] ?? 0), 0));
    return {
      kind: 'run',
      runId: row.runId,
      agent: String(data(run.started).agent ?? run.started.actor.replace(/^agent:/, '')),
      started: run.started,
      decision,
      tokens: total('inputTokens') + total('outputTokens'),
      costUsd: total('costUsd'),
      followUps: run.events.filter((e) => e.stream !== own && !bookkeeping.has(e.type) && e !== decision),
      events: run.events,
    } satisfies RunDecision;
  });
};

/** The decision in a few words: the result's own verdict when it has one, else the reason it failed. */
export const decisionText = (e: TimelineEvent | undefined): string => {
  if (!e) return 'no verdict in this timeline';
  const d = data(e);
  if (e.type === 'TaskFailed') return `failed: ${String(d.reason ?? '')}`;
  const result = d.result && typeof d.result === 'object' ? (d.result as Record<string, unknown>) : {};
  const verdict = result.decision ?? result.result ?? result.status;
  return typeof verdict === 'string' ? verdict : 'completed';
};
