// The shapes the dashboard reads from the API (the read models' views, some with the original's field names), and
// forgiving readers for the figures charts are drawn from.
import type { ChartPoint } from '../widgets/bar-chart.js';

export interface AgentStatus {
  readonly status: string;
  readonly currentTaskId?: string | null;
  readonly lastHeartbeat?: string | null;
  readonly tokensToday?: number;
  readonly reason?: string;
}

export interface TaskView {
  readonly id: string;
  readonly type: string;
  readonly priority: number;
  readonly status: string;
  readonly title?: string;
  readonly payload?: Record<string, unknown>;
  readonly assignedTo?: string;
  readonly claimedBy?: string;
  readonly createdBy?: string;
  readonly createdAt?: string;
  readonly finishedAt?: string;
  readonly attempts?: number;
  readonly error?: string;
  readonly result?: unknown;
  readonly correlationId?: string;
}

export interface ProjectView {
  readonly id: string;
  readonly title: string;
  readonly status: string;
  readonly hunterPitch?: string;
  readonly hunterRating?: number;
  readonly criticEvaluation?: string;
  readonly criticRating?: number;
  readonly combinedRating?: number;
  readonly marketSize?: string;
  readonly effortEstimate?: string;
  readonly maxRevenueEstimate?: string;
  readonly cons?: string;
  readonly differentiation?: string;
  readonly submittedBy?: string;
  readonly submittedAt?: string;
  readonly decidedBy?: string;
  readonly reviewerNotes?: string;
  readonly buildTaskId?: string;
}

export interface ApprovalView {
  readonly id: string;
  readonly productName: string;
  readonly productType?: string;
  readonly platform?: string;
  readonly description?: string;
  readonly price?: number;
  readonly status: string;
  readonly submittedBy?: string;
  readonly submittedAt?: string;
  readonly decidedBy?: string;
  readonly reviewerNotes?: string;
  readonly publishTaskId?: string;
  readonly fixTaskId?: string;
  readonly publishedUrl?: string;
  readonly taskId?: string;
}

export interface PostView {
  readonly postId: string;
  readonly author: string;
  readonly topic: string;
  readonly content: string;
  readonly replyTo?: string;
  readonly at: string;
}

export interface ProposalView {
  readonly proposalId: string;
  readonly proposalType: string;
  readonly title: string;
  readonly description: string;
  readonly proposedBy: string;
  readonly status: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  readonly tally: { readonly for: number; readonly against: number };
  readonly votes?: readonly { voter: string; vote: string; comment?: string; at: string }[];
}

/** One event of a replay timeline, as `/api/replay` sends it (the server's own type; erased from the bundle). */
export type { TimelineEvent } from '../../../../processes/queries/replay.js';

/** Accepts `{id: …}` records and arrays alike (servers differ in how they key a list). */
export const listOf = <T>(value: unknown, idKey = 'id'): T[] => {
  if (Array.isArray(value)) return value as T[];
  if (value && typeof value === 'object') return Object.entries(value).map(([id, v]) => ({ [idKey]: id, ...(v as object) }) as T);
  return [];
};

export const numberOf = (v: unknown): number | undefined => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

/**
 * Chart points from a per-day series: an array of `{day, …}` or a record keyed by day (or `day|currency`), each
 * value a number or an object holding one of `valueKeys`. Same-day entries add up; points come in day order.
 */
export const dailyPoints = (series: unknown, valueKeys: readonly string[]): ChartPoint[] => {
  const byDay = new Map<string, number>();
  const entries: [string, unknown][] = Array.isArray(series)
    ? series.map((item) => [String((item as Record<string, unknown>)?.day ?? (item as Record<string, unknown>)?.date ?? ''), item])
    : series && typeof series === 'object'
      ? Object.entries(series)
      : [];
  for (const [key, item] of entries) {
    const record = item && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
    const day = String(record?.day ?? record?.date ?? key).split('|')[0]!;
    const value = record ? valueKeys.map((k) => numberOf(record[k])).find((n) => n !== undefined) : numberOf(item);
    if (!day || value === undefined) continue;
    byDay.set(day, (byDay.get(day) ?? 0) + value);
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([label, value]) => ({ label, value: Math.round(value * 100) / 100 }));
};

/** The words a task is known by: its title, else the first naming field of its payload, else its type. */
export const taskTitle = (t: TaskView): string => {
  const p = t.payload ?? {};
  const named = t.title ?? p.title ?? p.product_name ?? p.productName ?? p.name ?? p.product ?? p.message ?? p.instruction;
  return typeof named === 'string' && named ? named : t.type;
};

/** A field by its camelCase name, or the original's snake_case one. */
export const field = <T = unknown>(record: object, camel: string): T | undefined => {
  const r = record as Record<string, unknown>;
  return (r[camel] ?? r[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)]) as T | undefined;
};
