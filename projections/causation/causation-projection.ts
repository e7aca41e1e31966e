import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { DocWriter, Projection } from '../engine/projection.js';
import { everyEventType } from './event-types.js';
import { summarize } from './summaries.js';

/** One event as replay shows it: small, so a long timeline reads fast; the full data stays in the log. */
export interface CausationEntry {
  readonly position: number;
  readonly stream: string;
  readonly type: string;
  readonly id: string;
  readonly at: string;
  /** `kind:id`, e.g. `agent:critic`, `human:ana`. */
  readonly actor: string;
  readonly summary: string;
  readonly correlationId: string;
  readonly causationId: string;
  readonly runId?: string;
}

/** A pointer from an index to an entry of `event`. */
export interface IndexRef {
  readonly position: number;
}

/** A run started on a task: replay of the task shows what its runs did. */
export interface TaskRunRef {
  readonly taskId: string;
  readonly runId: string;
}

export const causationCollections = {
  event: 'event',
  byId: 'by-id',
  byCorrelation: 'by-correlation',
  byCausation: 'by-causation',
  byRun: 'by-run',
  byAgent: 'by-agent',
  byStream: 'by-stream',
  runsOfTask: 'runs-of-task',
} as const;

/** Zero-padded so keys sort as numbers: an index page reads in log order. */
export const positionKey = (position: number): string => String(position).padStart(16, '0');
/** The position counted down: a page of an index keyed this way lists the newest first. */
export const newestFirstKey = (position: number): string => String(Number.MAX_SAFE_INTEGER - position).padStart(16, '0');
export const indexKey = (value: string, position: number): string => `${value}|${positionKey(position)}`;
export const agentKey = (agent: string, position: number): string => `${agent}|${newestFirstKey(position)}`;

/**
 * The agents an event is about: its actor when an agent, the agent or lock holder its data names, and the agent of
 * its own `agent-<name>` stream. Heartbeats are left out: one every half minute would push an agent's decisions
 * out of its newest page (they stay findable by stream).
 */
const agentsNamed = (e: RecordedEvent): string[] => {
  if (e.type === 'AgentHeartbeat') return [];
  const data = (e.data ?? {}) as Record<string, unknown>;
  const named = [data.agent, data.holder].filter((v): v is string => typeof v === 'string');
  const own = e.stream.startsWith('agent-') ? [e.stream.slice('agent-'.length)] : [];
  const actor = e.metadata.actor.kind === 'agent' ? [e.metadata.actor.id] : [];
  // `|` separates the index key's parts; no agent identity contains it (see AgentId).
  return [...new Set([...actor, ...named, ...own])].filter((a) => a !== '' && !a.includes('|'));
};

/**
 * The causation index for replay (SPEC §0.1, §4): every event, findable by its id, its correlation id, its cause
 * (the children of an event), its run, the agents it concerns and its stream. Every key ends in the zero-padded
 * position, so each lookup is one ordered page, never a scan of the whole log.
 */
export const causationProjection: Projection = {
  name: 'causation',
  version: 1,
  eventTypes: everyEventType,
  apply: (docs: DocWriter, e: RecordedEvent) => {
    const { correlationId, causationId, runId, actor, at } = e.metadata;
    const entry: CausationEntry = {
      position: e.position,
      stream: e.stream,
      type: e.type,
      id: e.id,
      at,
      actor: `${actor.kind}:${actor.id}`,
      summary: summarize(e.stream, e.type, e.data),
      correlationId,
      causationId,
      ...(runId ? { runId } : {}),
    };
    const ref: IndexRef = { position: e.position };
    const c = causationCollections;
    // Every write is keyed by the event's position or id: applying it again rewrites the same documents.
    docs.put(c.event, positionKey(e.position), entry);
    docs.put(c.byId, e.id, ref);
    docs.put(c.byCorrelation, indexKey(correlationId, e.position), ref);
    docs.put(c.byCausation, indexKey(causationId, e.position), ref);
    docs.put(c.byStream, indexKey(e.stream, e.position), ref);
    if (runId) docs.put(c.byRun, indexKey(runId, e.position), ref);
    for (const agent of agentsNamed(e)) docs.put(c.byAgent, agentKey(agent, e.position), ref);
    const taskId = (e.data as { taskId?: unknown } | null)?.taskId;
    if (e.type === 'RunStarted' && typeof taskId === 'string') {
      docs.put(c.runsOfTask, indexKey(taskId, e.position), { taskId, runId: e.stream.slice('run-'.length) } satisfies TaskRunRef);
    }
  },
};
