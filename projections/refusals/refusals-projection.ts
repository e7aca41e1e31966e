import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { RefusalEvent, RefusalReason } from '../../domain/refusal/index.js';
import type { DocWriter, Projection } from '../engine/projection.js';

/** One command the agent endpoint refused for lack of authority, as AgentCommandRefused recorded it. */
export interface RefusalView {
  readonly refusalId: string;
  /** The run's agent (from its token); for a token the swarm never issued, the agent the caller claimed, or "unknown". */
  readonly agent: string;
  /** The command line as the agent sent it (untrusted text: shown as text, never interpreted). */
  readonly command: string;
  readonly reason: RefusalReason;
  readonly message: string;
  readonly at: string;
  readonly runId?: string;
  readonly taskId?: string;
  readonly position: number;
}

/** Refusals of one agent: how many, the latest, and how many for each reason. */
export interface AgentRefusals {
  readonly agent: string;
  readonly count: number;
  readonly lastAt: string;
  readonly reasons: Readonly<Partial<Record<RefusalReason, number>>>;
}

const padded = (n: number) => String(n).padStart(16, '0');

/** Key of a refusal: the log position counted down, so the first page of the collection is the newest refusals. */
export const refusalKey = (position: number) => padded(Number.MAX_SAFE_INTEGER - position);

/**
 * The group a refusal is counted in for notifications: its run, or, for a token the swarm does not know (no run; the
 * agent named is only what the caller claimed, so it cannot be a group), the UTC day. Keys of the `by-group` index
 * are `<group>|<position>`, oldest first.
 */
export const refusalGroup = (d: { readonly runId?: string; readonly at: string }): string => (d.runId ? `run:${d.runId}` : `no-run:${d.at.slice(0, 10)}`);

const byGroupKey = (group: string, position: number) => `${group}|${padded(position)}`;

/**
 * Refused agent commands (issue 13 point 5, SPEC §6 "Containment"): the recent ones newest first, counts per agent
 * and reason, and an index per run (or per unknown caller and day) that notifications use to stay few.
 */
export const refusalsProjection: Projection = {
  name: 'refusals',
  version: 1,
  eventTypes: ['AgentCommandRefused'],
  apply: (docs: DocWriter, e: RecordedEvent) => {
    if (e.type !== 'AgentCommandRefused') return;
    const key = refusalKey(e.position);
    // Each refusal is its own stream's only event: one document per event, so a redelivered one is seen here.
    if (docs.get('refusals', key)) return;
    const d = e.data as RefusalEvent['data'];
    docs.put('refusals', key, {
      refusalId: d.refusalId,
      agent: d.agent,
      command: d.command,
      reason: d.reason,
      message: d.message,
      at: d.at,
      ...(d.runId !== undefined ? { runId: d.runId } : {}),
      ...(d.taskId !== undefined ? { taskId: d.taskId } : {}),
      position: e.position,
    } satisfies RefusalView);
    const prev = docs.get<AgentRefusals>('agents', d.agent);
    docs.put('agents', d.agent, {
      agent: d.agent,
      count: (prev?.count ?? 0) + 1,
      lastAt: prev && prev.lastAt > d.at ? prev.lastAt : d.at,
      reasons: { ...prev?.reasons, [d.reason]: (prev?.reasons[d.reason] ?? 0) + 1 },
    } satisfies AgentRefusals);
    docs.put('by-group', byGroupKey(refusalGroup(d), e.position), { position: e.position });
  },
};
