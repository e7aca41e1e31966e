import type { DocReader } from '../engine/projection.js';
import type { AgentRefusals, RefusalView } from './refusals-projection.js';

/** The most recent refused agent commands, newest first, at most `limit`. */
export const recentRefusals = (reader: DocReader, limit = 20): RefusalView[] => reader.page<RefusalView>('refusals', { limit });

export const refusalCount = (reader: DocReader): number => reader.count('refusals');

/** Refusals per agent, the most refused first (then by name). */
export const refusalsByAgent = (reader: DocReader): AgentRefusals[] =>
  [...reader.all<AgentRefusals>('agents')].sort((a, b) => b.count - a.count || (a.agent < b.agent ? -1 : a.agent > b.agent ? 1 : 0));

/** Positions of the first `limit` refusals of a group (see `refusalGroup`), oldest first. */
export const firstRefusalsOfGroup = (reader: DocReader, group: string, limit: number): number[] =>
  reader.page<{ position: number }>('by-group', { prefix: `${group}|`, limit }).map((r) => r.position);

/** What `swarm status`, `/api/status` and `/api/refusals` show: the total, counts per agent, the recent ones. */
export interface RefusalSummary {
  readonly total: number;
  readonly byAgent: readonly { readonly agent: string; readonly count: number; readonly lastAt: string }[];
  readonly recent: readonly Omit<RefusalView, 'position'>[];
}

export const refusalSummary = (reader: DocReader, limit = 10): RefusalSummary => ({
  total: refusalCount(reader),
  byAgent: refusalsByAgent(reader).map(({ agent, count, lastAt }) => ({ agent, count, lastAt })),
  recent: recentRefusals(reader, limit).map(({ position: _, ...r }) => r),
});
