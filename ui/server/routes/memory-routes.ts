import { isLeft, left, right } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { invalid } from '../../../domain/errors.js';
import { MemoryType } from '../../../domain/memory/index.js';
import { searchLongTermMemory } from '../../../processes/memory/semantic-memory.js';
import { memoryFeedProjection } from '../../../projections/memory/memory-feed-projection.js';
import { recentFeed } from '../../../projections/memory/queries.js';
import type { ApiContext } from '../api-context.js';
import type { ApiRoutes } from '../api-routes.js';
import { FreeText, IdString } from '../../../domain/limits/index.js';
import { WholeNumberText } from '../query-values.js';

const FeedQuery = t.partial({ limit: WholeNumberText(1, 500), agent: IdString });
// As `swarm memory search`: a type, a least importance and tags (comma-separated: a memory with any of them).
const SearchQuery = t.intersection([
  t.type({ q: FreeText }),
  t.partial({ limit: WholeNumberText(1, 100), type: MemoryType, min_importance: WholeNumberText(1, 10), tags: FreeText }),
]);

/** Short-term activity feed (DASH-07) and search of long-term memory (by shared words; fused with a model's similarity when one is present), naming the ranking and the embedder. */
export const memoryRoutes = (api: ApiRoutes, ctx: ApiContext): void => {
  api.read('/api/memories', { tag: 'memory', summary: 'Short-term memory: recent actions and observations, newest first (swarm-wide or one agent)', query: FeedQuery }, async ({ query }) =>
    right({ memories: recentFeed(await ctx.read(memoryFeedProjection), query.agent).slice(0, query.limit ?? 50) }),
  );

  api.read(
    '/api/memory/search',
    { tag: 'memory', summary: 'Long-term memories sharing words with q (SQLite FTS5, BM25), fused with the embedding model’s similarity when a model is present; says which ranking, embedder and index', query: SearchQuery },
    async ({ query }) => {
      let memory;
      try {
        memory = await ctx.memory();
      } catch (e) {
        // A bad SWARM_EMBEDDER or an unreachable Qdrant is said, not a 500.
        return left(invalid(`memory search is not available: ${(e as Error).message}`, { field: 'q' }));
      }
      const tags = query.tags?.split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean);
      const found = await searchLongTermMemory(ctx.runtime, memory, {
        query: query.q,
        ...(query.limit ? { limit: query.limit } : {}),
        ...(query.type ? { type: query.type } : {}),
        ...(query.min_importance ? { minImportance: query.min_importance } : {}),
        ...(tags?.length ? { tags } : {}),
      });
      const fields: Record<string, string> = { query: 'q', minImportance: 'min_importance' };
      if (isLeft(found)) return { ...found, left: found.left.field && fields[found.left.field] ? { ...found.left, field: fields[found.left.field] } : found.left };
      return right(found.right);
    },
  );
};
