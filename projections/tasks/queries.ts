import { byKey } from '../engine/memory-docs.js';
import type { DocReader } from '../engine/projection.js';
import { queueOrder, taskKeys } from './task-keys.js';
import { boardStatuses, type TaskView } from './task-view.js';

export type TaskLookup = { kind: 'found'; task: TaskView } | { kind: 'missing' } | { kind: 'ambiguous'; matches: string[] };

/** A task by its full id or a unique prefix of it (the original matched the first prefix hit; we refuse ambiguity). */
export const findTask = (board: DocReader, idOrPrefix: string): TaskLookup => {
  const exact = board.get<TaskView>('task', idOrPrefix);
  if (exact) return { kind: 'found', task: exact };
  if (idOrPrefix.length < 4) return { kind: 'missing' };
  const hits = board.page<TaskView>('task', { prefix: idOrPrefix, limit: 5 });
  if (hits.length === 1) return { kind: 'found', task: hits[0]! };
  return hits.length === 0 ? { kind: 'missing' } : { kind: 'ambiguous', matches: hits.map((t) => t.id) };
};

export interface TaskListFilter {
  readonly status?: string;
  readonly type?: string;
  readonly agent?: string;
  readonly limit?: number;
}

/**
 * Tasks in queue order (priority desc, then oldest first). The board lists tasks by status (alone, within a type,
 * within an agent); without a status, the page of each status is read and the pages merged in queue order.
 */
export const listTasks = (board: DocReader, filter: TaskListFilter = {}): TaskView[] => {
  const limit = filter.limit ?? 20;
  const { status, type, agent } = filter;
  const [collection, group, rest] =
    agent !== undefined
      ? ['by-agent-status', `${agent}|`, (v: TaskView) => type === undefined || v.type === type]
      : type !== undefined
        ? ['by-type-status', `${type}|`, () => true]
        : ['by-status', '', () => true];
  // The extra filter (type within an agent's list) is rare and small: read a longer page for it.
  const pageSize = agent !== undefined && type !== undefined ? limit * 20 : limit;
  const candidates: TaskView[] = [];
  for (const s of status !== undefined ? [status] : boardStatuses) {
    for (const id of board.page<string>(collection, { prefix: `${group}${s}|`, limit: pageSize })) {
      const task = board.get<TaskView>('task', id);
      if (task && rest(task)) candidates.push(task);
    }
  }
  if (status === undefined) candidates.sort((a, b) => byKey(queueOrder(a), queueOrder(b)));
  return candidates.slice(0, limit);
};

export interface ClaimCandidate {
  readonly id: string;
  readonly type: string;
  readonly priority: number;
  readonly createdPosition: number;
}

/**
 * Pending tasks the agent may claim, in queue order: of its types, unassigned or addressed to it, plus directives
 * addressed to it. Reads at most `perIndex` entries of each index it merges.
 */
export const claimCandidates = (board: DocReader, agent: string, types: readonly string[], perIndex = 32): ClaimCandidate[] => {
  const prefixes = new Set<string>();
  for (const type of types) {
    prefixes.add(taskKeys.queuePrefix(type, undefined));
    prefixes.add(taskKeys.queuePrefix(type, agent));
  }
  prefixes.add(taskKeys.queuePrefix('directive', agent));
  const merged: ClaimCandidate[] = [];
  for (const prefix of prefixes) {
    merged.push(...board.page<ClaimCandidate>('queue', { prefix, limit: perIndex }));
  }
  return merged.sort((a, b) => b.priority - a.priority || a.createdPosition - b.createdPosition);
};

/** A pending or claimed task of this type with this identifying title, if any (the dedup rule's fact). */
export const openDuplicate = (board: DocReader, type: string, title: string, projectId?: string): string | undefined => {
  const open = board.page<string>('open-title', { prefix: taskKeys.openTitlePrefix(type, title), limit: projectId === undefined ? 1 : 50 });
  if (projectId === undefined) return open[0];
  // Work for another project of the same name is not a duplicate: every project is its own (issue 17).
  return open.find((id) => {
    const other = board.get<TaskView>('task', id)?.payload.project_id;
    return typeof other !== 'string' || other === projectId;
  });
};

/** How many `fix_product` rounds a product has had (the test/fix loop cap's fact). */
export const fixRounds = (board: DocReader, product: string): number => board.get<number>('fix-rounds', product) ?? 0;

/** Queue totals in the original's shape (ORCH-14): by status, pending by type, claimed by agent. */
export const queueStats = (board: DocReader) => {
  const stats = { total: 0, by_status: {} as Record<string, number>, by_type: {} as Record<string, number>, by_agent: {} as Record<string, number> };
  for (const { key, n } of board.all<{ key: string; n: number }>('counts')) {
    const [kind, name] = [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)];
    if (kind === 'status') {
      stats.by_status[name] = n;
      stats.total += n;
    } else if (kind === 'pending-type') stats.by_type[name] = n;
    else if (kind === 'claimed-agent') stats.by_agent[name] = n;
  }
  return stats;
};

/** Claimed tasks whose lease ended before `now`, oldest lease first (the lease watchdog's work list). */
export const expiredLeases = (board: DocReader, now: string, limit = 100) =>
  board
    .page<{ id: string; generation: number; leaseUntil: string }>('leases', { limit })
    .filter((l) => l.leaseUntil <= now);
