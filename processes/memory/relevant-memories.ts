import { isLeft } from 'fp-ts/lib/Either.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { memoryRecordsProjection } from '../../projections/memory/memory-records-projection.js';
import { topMemories } from '../../projections/memory/queries.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import { searchLongTermMemory, type ScoredMemory, type SemanticMemory } from './semantic-memory.js';

/**
 * A runtime that can search long-term memory. Wiring for the dispatcher's run preparation:
 * `memoriesFor: (role, taskText) => relevantMemories({ ...runtime, memory }, { role, taskText })`, with `memory` from
 * `openSemanticMemory(storeUrl, env)` (infra/memory), opened once and closed at shutdown.
 */
export type MemoryRuntime = Pick<SwarmRuntime, 'log' | 'projections'> & { readonly memory: SemanticMemory };

export interface RelevantMemoriesRequest {
  /** The agent role the run is for (e.g. `builder`): its own notes and notes tagged with it weigh a little more. */
  readonly role: string;
  /** What the run is about: the task's type, title and payload as text. */
  readonly taskText: string;
  readonly limit?: number;
}

/** Five, as the original's "Relevant Learnings" block (REFL-09): enough to help, few enough not to drown the task. */
export const defaultRelevantLimit = 5;

// The search's score (relative to the best) decides; importance (1–10) and the role's own notes only break near-ties.
const importanceWeight = 0.01;
const ownRoleBonus = 0.05;
/**
 * Below this cosine a memory shares next to nothing with the task (with the local embedder: no word; with MiniLM:
 * unrelated sentences score about 0 to 0.15), and would only cost the run tokens.
 */
export const relevanceFloor = 0.15;
/** A memory sharing words with the task, but under this share of the best match's BM25, is a trace, not a help. */
export const relativeWordFloor = 0.2;

/**
 * The long-term memories a run's prompt should carry (SPEC §6: "relevant long-term memories"): those the search
 * ranks first for the task (shared words, and the model's similarity when there is one), nudged towards important
 * ones and the role's own, leaving out those unrelated to it. With no task text, the most important.
 */
export const relevantMemories = async (runtime: MemoryRuntime, request: RelevantMemoriesRequest): Promise<ScoredMemory[]> => {
  const limit = Math.max(1, Math.min(request.limit ?? defaultRelevantLimit, 50));
  const taskText = request.taskText.trim();
  if (taskText === '') {
    const records = await freshReader(runtime.log, runtime.projections, memoryRecordsProjection);
    return topMemories(records, limit).map((r) => ({ ...r, score: 0 }));
  }
  const found = await searchLongTermMemory(runtime, runtime.memory, { query: taskText.slice(0, 4000), limit: limit * 3 });
  if (isLeft(found)) return [];
  const results = found.right.results;
  const bestWords = Math.max(0, ...results.map((m) => m.bm25 ?? 0));
  const related = results.filter((m) => (m.bm25 !== undefined && m.bm25 >= relativeWordFloor * bestWords) || (m.cosine ?? -1) >= relevanceFloor);
  const best = Math.max(...related.map((m) => m.score));
  const weighed = (m: ScoredMemory) =>
    (best > 0 ? m.score / best : m.score) + importanceWeight * (m.importance - 5) + (m.by === request.role || m.tags.includes(request.role) ? ownRoleBonus : 0);
  return related.sort((a, b) => weighed(b) - weighed(a)).slice(0, limit);
};

