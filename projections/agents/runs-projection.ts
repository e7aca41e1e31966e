import type { RecordedEvent } from '../../domain/log/envelope.js';
import { microUsd, type RunOutcome, type SandboxMode } from '../../domain/run/index.js';
import { collectionOf, mergeCollections, type Mutable } from '../engine/fold-documents.js';
import type { DocWriter, Projection } from '../engine/projection.js';

export interface RunView {
  readonly runId: string;
  readonly agent: string;
  readonly taskId?: string;
  readonly driver: string;
  readonly model: string;
  readonly promptHash: string;
  readonly promptPath: string;
  readonly logPath: string;
  /** How the run's agent processes were contained, as RunStarted recorded it (absent on older runs). */
  readonly sandbox?: SandboxMode;
  /** The `swarm up` that ran it (`<host>:<pid>`, absent on older runs). */
  readonly instance?: string;
  readonly startedAt: string;
  readonly status: 'running' | 'finished';
  readonly lastActivityAt: string;
  readonly toolCalls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costMicroUsd: number;
  readonly rateLimited?: { readonly provider: string; readonly resetAt?: string };
  readonly finishedAt?: string;
  readonly outcome?: RunOutcome;
  readonly exitCode?: number;
  readonly durationMs?: number;
  readonly reason?: string;
  readonly lastPosition: number;
}

/** Key of the per-agent index: the log position counted down, so a page with the agent's prefix lists its newest runs first. */
export const runByAgentKey = (agent: string, position: number) => `${agent}|${String(Number.MAX_SAFE_INTEGER - position).padStart(16, '0')}`;

/** Runs (SPEC §3.7): what each run was given, what it did and spent, and how it ended. */
export const runsProjection: Projection = {
  name: 'runs',
  version: 1,
  eventTypes: ['RunStarted', 'RunProgressed', 'ToolCalled', 'TokensUsed', 'ProviderRateLimited', 'RunFinished'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    const runId = e.stream.slice('run-'.length);
    const prev = docs.get<RunView>('runs', runId);
    if (prev && prev.lastPosition >= e.position) return;
    const at = e.metadata.at;
    if (e.type === 'RunStarted') {
      const d = e.data as Omit<RunView, 'startedAt' | 'status' | 'lastActivityAt' | 'toolCalls' | 'inputTokens' | 'outputTokens' | 'costMicroUsd' | 'lastPosition'>;
      docs.put('runs', runId, {
        ...d,
        runId,
        startedAt: at,
        status: 'running',
        lastActivityAt: at,
        toolCalls: 0,
        inputTokens: 0,
        outputTokens: 0,
        costMicroUsd: 0,
        lastPosition: e.position,
      } satisfies RunView);
      docs.put('by-agent', runByAgentKey(d.agent, e.position), { runId });
      return;
    }
    if (!prev) return;
    const base: RunView = { ...prev, lastActivityAt: at, lastPosition: e.position };
    switch (e.type) {
      case 'RunProgressed':
        return docs.put('runs', runId, base);
      case 'ToolCalled':
        return docs.put('runs', runId, { ...base, toolCalls: prev.toolCalls + 1 });
      case 'TokensUsed': {
        const d = e.data as { inputTokens: number; outputTokens: number; costUsd: number };
        return docs.put('runs', runId, {
          ...base,
          inputTokens: prev.inputTokens + d.inputTokens,
          outputTokens: prev.outputTokens + d.outputTokens,
          costMicroUsd: prev.costMicroUsd + microUsd(d.costUsd),
        });
      }
      case 'ProviderRateLimited':
        return docs.put('runs', runId, { ...base, rateLimited: e.data as RunView['rateLimited'] });
      case 'RunFinished': {
        const d = e.data as { outcome: RunOutcome; exitCode: number; durationMs: number; reason?: string };
        return docs.put('runs', runId, {
          ...base,
          status: 'finished',
          finishedAt: at,
          outcome: d.outcome,
          exitCode: d.exitCode,
          durationMs: d.durationMs,
          ...(d.reason !== undefined ? { reason: d.reason } : {}),
        });
      }
    }
  },
  // A rebuild changes each run's view in place instead of copying it on every event: properties are set in the
  // order `apply`'s spreads give them, so the documents are the same, key for key.
  foldFromStart: () => {
    const runs = new Map<string, Mutable<RunView>>();
    const byAgent: [string, { runId: string }][] = [];
    return {
      apply: (e) => {
        const runId = e.stream.slice('run-'.length);
        const run = runs.get(runId);
        // Redelivery is harmless here too, as in `apply`.
        if (run && run.lastPosition >= e.position) return;
        const at = e.metadata.at;
        if (e.type === 'RunStarted') {
          const d = e.data as Omit<RunView, 'startedAt' | 'status' | 'lastActivityAt' | 'toolCalls' | 'inputTokens' | 'outputTokens' | 'costMicroUsd' | 'lastPosition'>;
          // Object.assign, not a spread: the same keys in the same order, and several times faster on parsed JSON.
          runs.set(
            runId,
            Object.assign({}, d, {
              runId,
              startedAt: at,
              status: 'running' as const,
              lastActivityAt: at,
              toolCalls: 0,
              inputTokens: 0,
              outputTokens: 0,
              costMicroUsd: 0,
              lastPosition: e.position,
            }),
          );
          byAgent.push([runByAgentKey(d.agent, e.position), { runId }]);
          return;
        }
        if (!run) return;
        run.lastActivityAt = at;
        run.lastPosition = e.position;
        switch (e.type) {
          case 'ToolCalled':
            run.toolCalls += 1;
            return;
          case 'TokensUsed': {
            const d = e.data as { inputTokens: number; outputTokens: number; costUsd: number };
            run.inputTokens += d.inputTokens;
            run.outputTokens += d.outputTokens;
            run.costMicroUsd += microUsd(d.costUsd);
            return;
          }
          case 'ProviderRateLimited':
            run.rateLimited = e.data as RunView['rateLimited'];
            return;
          case 'RunFinished': {
            const d = e.data as { outcome: RunOutcome; exitCode: number; durationMs: number; reason?: string };
            run.status = 'finished';
            run.finishedAt = at;
            run.outcome = d.outcome;
            run.exitCode = d.exitCode;
            run.durationMs = d.durationMs;
            if (d.reason !== undefined) run.reason = d.reason;
            return;
          }
        }
      },
      documents: () => mergeCollections(collectionOf('by-agent', new Map(byAgent)), collectionOf('runs', runs)),
    };
  },
};
