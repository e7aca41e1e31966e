import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { EventStore } from '../../domain/log/event-store.js';
import type { ForkManifest } from './fork-manifest.js';
import { isAgentEffect, runsFrom } from './recorded-runs.js';

/** One run as the side-by-side view shows it. */
export interface RunSide {
  readonly runId: string;
  readonly agent: string;
  readonly taskId: string | null;
  readonly driver: string;
  /** `recorded` on the original side; `replayed` or `re-run` in the fork. */
  readonly mode: 'recorded' | 'replayed' | 're-run';
  /** The task's result as the run left it. */
  readonly decision: { readonly status: 'completed' | 'failed' | 'none'; readonly result?: unknown; readonly reason?: string };
  readonly toolCalls: readonly string[];
  /** What the run caused: the events its agent appended, then the follow-ups the swarm derived from them. */
  readonly followUps: readonly string[];
  readonly tokens: number;
  readonly costUsd: number;
}

export interface RunPair {
  readonly original: RunSide | null;
  readonly fork: RunSide | null;
  /** What differs (empty when the two runs agree): decision, tool calls, follow-ups, or a side missing. */
  readonly differences: readonly string[];
}

export interface ForkComparison {
  readonly fork: ForkManifest;
  readonly pairs: readonly RunPair[];
  /** The first pair that differs, in the fork's order; null when the histories agree as far as the fork went. */
  readonly firstDivergence: { readonly index: number; readonly originalRunId: string | null; readonly forkRunId: string | null; readonly differences: readonly string[] } | null;
  readonly totals: { readonly original: { tokens: number; costUsd: number }; readonly fork: { tokens: number; costUsd: number } };
}

interface RunFacts {
  runId: string;
  agent: string;
  taskId: string | null;
  driver: string;
  toolCalls: string[];
  effectIds: Set<string>;
  followUps: string[];
  decision: RunSide['decision'];
  tokens: number;
  costUsd: number;
  finishedTokens?: { tokens: number; costUsd: number };
}

/** A short name for an event the run caused: its type, and the kind of thing it was about when it says. */
const followUpName = (e: RecordedEvent): string => {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const kind = typeof d.type === 'string' ? d.type : typeof d.decision === 'string' ? d.decision : undefined;
  return kind ? `${e.type} ${kind}` : e.type;
};

/** Folds the runs named in `wanted` out of a stretch of log. */
const factsOf = async (events: AsyncIterable<RecordedEvent>, wanted: ReadonlySet<string>, maxEvents: number): Promise<Map<string, RunFacts>> => {
  const runs = new Map<string, RunFacts>();
  const causes = new Map<string, RunFacts>();
  let read = 0;
  for await (const e of events) {
    if (++read > maxEvents) break;
    const runId = e.metadata.runId;
    const run = runId !== undefined ? runs.get(runId) : undefined;
    if (e.type === 'RunStarted') {
      const d = e.data as { runId: string; agent: string; taskId?: string; driver: string };
      if (wanted.has(d.runId))
        runs.set(d.runId, { runId: d.runId, agent: d.agent, taskId: d.taskId ?? null, driver: d.driver, toolCalls: [], effectIds: new Set(), followUps: [], decision: { status: 'none' }, tokens: 0, costUsd: 0 });
      continue;
    }
    const cause = causes.get(e.metadata.causationId);
    if (cause && !e.stream.startsWith('run-') && !(run && isAgentEffect(e, run.runId))) {
      cause.followUps.push(followUpName(e));
      continue;
    }
    if (!run) continue;
    const d = (e.data ?? {}) as Record<string, unknown>;
    if (e.stream === `run-${run.runId}`) {
      if (e.type === 'ToolCalled') run.toolCalls.push(String(d.name));
      if (e.type === 'TokensUsed') {
        run.tokens += Number(d.inputTokens) + Number(d.outputTokens);
        run.costUsd += Number(d.costUsd);
      }
      if (e.type === 'RunFinished') run.finishedTokens = { tokens: Number(d.inputTokens) + Number(d.outputTokens), costUsd: Number(d.costUsd) };
      continue;
    }
    if (run.taskId !== null && e.stream === `task-${run.taskId}` && (e.type === 'TaskCompleted' || e.type === 'TaskFailed') && run.decision.status === 'none') {
      run.decision = e.type === 'TaskCompleted' ? { status: 'completed', result: d.result } : { status: 'failed', reason: String(d.reason ?? '') };
    }
    if (isAgentEffect(e, run.runId)) {
      run.effectIds.add(e.id);
      causes.set(e.id, run);
      run.followUps.push(followUpName(e));
    }
  }
  return runs;
};

const side = (f: RunFacts, mode: RunSide['mode']): RunSide => ({
  runId: f.runId,
  agent: f.agent,
  taskId: f.taskId,
  driver: f.driver,
  mode,
  decision: f.decision,
  toolCalls: f.toolCalls,
  followUps: f.followUps,
  tokens: f.finishedTokens?.tokens ?? f.tokens,
  costUsd: Math.round((f.finishedTokens?.costUsd ?? f.costUsd) * 1e6) / 1e6,
});

const sameList = (a: readonly string[], b: readonly string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

const differencesOf = (original: RunSide | null, fork: RunSide | null): string[] => {
  if (!original) return ['no such run in the original'];
  if (!fork) return ['did not happen in the fork'];
  const out: string[] = [];
  if (JSON.stringify(original.decision) !== JSON.stringify(fork.decision)) out.push('decision');
  if (JSON.stringify(original.toolCalls) !== JSON.stringify(fork.toolCalls)) out.push('tool calls');
  if (!sameList(original.followUps, fork.followUps)) out.push('follow-ups');
  return out;
};

/**
 * The side-by-side comparison of a fork with the original from the fork point (issue 20 point 4): each fork run next
 * to the recorded run it stands for, then the original runs of the same chain the fork never got to, with what
 * differs and where the histories part first.
 */
export const compareFork = async (live: EventStore, forkLog: EventStore, manifest: ForkManifest, maxEvents = 50_000): Promise<ForkComparison> => {
  const chain = (await runsFrom(live, manifest.forkBefore, 200)).filter((r) => r.correlationId === manifest.correlationId).map((r) => r.runId);
  const counterparts = manifest.runs.flatMap((r) => (r.counterpart ? [r.counterpart] : []));
  const originalIds = new Set([...counterparts, ...chain]);
  const originals = await factsOf(live.readAll({ fromPosition: manifest.forkBefore, inclusive: true }), originalIds, maxEvents);
  const forkIds = new Set(manifest.runs.map((r) => r.runId));
  // The fork's own events are numbered after the fork point: reading from it reads only them.
  const forked = await factsOf(forkLog.readAll({ fromPosition: manifest.forkBefore }), forkIds, maxEvents);

  const pairs: RunPair[] = manifest.runs.map((r) => {
    const o = r.counterpart ? originals.get(r.counterpart) : undefined;
    const f = forked.get(r.runId);
    const original = o ? side(o, 'recorded') : null;
    const fork = f ? side(f, r.mode) : null;
    return { original, fork, differences: differencesOf(original, fork) };
  });
  const missing = chain.filter((id) => !counterparts.includes(id) && originals.has(id));
  for (const id of missing) pairs.push({ original: side(originals.get(id)!, 'recorded'), fork: null, differences: ['did not happen in the fork'] });

  // Runs of the original the fork never reached count as a divergence only when the fork ran out of work on its own.
  const ranOut = manifest.status === 'done' && manifest.note.startsWith('no more work');
  const index = pairs.findIndex((p) => p.differences.length > 0 && (p.fork !== null || ranOut));
  const first = index >= 0 ? pairs[index]! : undefined;
  const sum = (list: readonly (RunSide | null)[]) =>
    list.reduce((t, s) => (s ? { tokens: t.tokens + s.tokens, costUsd: Math.round((t.costUsd + s.costUsd) * 1e6) / 1e6 } : t), { tokens: 0, costUsd: 0 });
  return {
    fork: manifest,
    pairs,
    firstDivergence: first ? { index, originalRunId: first.original?.runId ?? null, forkRunId: first.fork?.runId ?? null, differences: first.differences } : null,
    totals: { original: sum(pairs.map((p) => p.original)), fork: sum(pairs.map((p) => p.fork)) },
  };
};
