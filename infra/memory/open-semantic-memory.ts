import type { SemanticMemory } from '../../processes/memory/semantic-memory.js';
import { projectionStorePath, swarmHome } from '../config/store-location.js';
import { chooseEmbedder } from './choose-embedder.js';
import { createSqliteMemoryIndex } from './sqlite-memory-index.js';
import { createSqliteWordIndex } from './sqlite-word-index.js';

/** The memory index file beside the read models of the same log (`swarm.db` → `swarm.memory-index.db`). */
export const memoryIndexPath = (storeUrl: string, env: NodeJS.ProcessEnv = process.env): string => {
  const projections = projectionStorePath(storeUrl, env);
  const stem = projections.endsWith('.projections.db') ? projections.slice(0, -'.projections.db'.length) : projections.replace(/\.db$/, '');
  return `${stem}.memory-index.db`;
};

/**
 * Long-term memory as configured (SPEC §8): the word index (SQLite FTS5) in the local memory index file; vectors in
 * Qdrant when `QDRANT_URL` is set (`QDRANT_API_KEY`, `QDRANT_COLLECTION` optional), else in the embedded index; the
 * embedder this machine can run (see chooseEmbedder).
 */
export const openSemanticMemory = async (storeUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<SemanticMemory> => {
  const { embedder, note } = await chooseEmbedder(env, swarmHome(env));
  const path = memoryIndexPath(storeUrl, env);
  // The Qdrant client (with its HTTP stack) is loaded only when used: agents call the CLI constantly.
  const qdrant = env.QDRANT_URL ? await import('./qdrant-memory-index.js') : undefined;
  const index = qdrant
    ? qdrant.createQdrantMemoryIndex({
        url: env.QDRANT_URL!,
        ...(env.QDRANT_API_KEY ? { apiKey: env.QDRANT_API_KEY } : {}),
        collection: env.QDRANT_COLLECTION || qdrant.defaultQdrantCollection,
        checkpointsPath: path,
      })
    : createSqliteMemoryIndex(path);
  const words = createSqliteWordIndex(path);
  return {
    embedder,
    ...(note ? { embedderNote: note } : {}),
    index,
    words,
    close: async () => {
      await words.close();
      await index.close();
    },
  };
};
