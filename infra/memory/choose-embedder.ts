import type { ChosenEmbedder } from '../../processes/memory/embedder.js';
import { localHashEmbedder } from './local-hash-embedder.js';
import { createMiniLmEmbedder, findMiniLmModel, loadTransformers, miniLmModelName, type TransformersLibrary } from './minilm-embedder.js';

export type EmbedderSetting = 'auto' | 'minilm' | 'local-hash';

/**
 * The embedder this machine can run (SPEC §8): all-MiniLM-L6-v2 when its files and transformers.js are both here,
 * else the local hash embedder, with a note saying why. `SWARM_EMBEDDER=local-hash` forces the fallback;
 * `SWARM_EMBEDDER=minilm` makes a missing model an error instead of a silent fallback.
 */
export const chooseEmbedder = async (
  env: NodeJS.ProcessEnv,
  home: string,
  loadLibrary: () => Promise<TransformersLibrary | undefined> = loadTransformers,
): Promise<ChosenEmbedder> => {
  const setting = (env.SWARM_EMBEDDER || 'auto') as EmbedderSetting;
  if (!['auto', 'minilm', 'local-hash'].includes(setting))
    throw new Error(`SWARM_EMBEDDER: expected auto, minilm or local-hash, got "${setting}"`);
  if (setting === 'local-hash') return { embedder: localHashEmbedder, note: 'chosen by SWARM_EMBEDDER=local-hash' };
  const fallback = (why: string): ChosenEmbedder => {
    if (setting === 'minilm') throw new Error(`SWARM_EMBEDDER=minilm: ${why}`);
    return { embedder: localHashEmbedder, note: why };
  };
  const modelDir = findMiniLmModel(env, home);
  if (!modelDir)
    return fallback(
      env.SWARM_EMBEDDING_MODEL_DIR
        ? `SWARM_EMBEDDING_MODEL_DIR=${env.SWARM_EMBEDDING_MODEL_DIR} holds no transformers.js model (config.json, tokenizer.json, onnx/*.onnx)`
        : `${miniLmModelName} not found locally (set SWARM_EMBEDDING_MODEL_DIR to its transformers.js files)`,
    );
  const library = await loadLibrary();
  if (!library) return fallback(`${miniLmModelName} found at ${modelDir}, but transformers.js is not installed (npm install @huggingface/transformers)`);
  try {
    return { embedder: await createMiniLmEmbedder(modelDir, library) };
  } catch (e) {
    return fallback(`${miniLmModelName} at ${modelDir} could not be loaded: ${(e as Error).message}`);
  }
};
