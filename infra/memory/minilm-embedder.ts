import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { embeddingDimension, type Embedder } from '../../processes/memory/embedder.js';

export const miniLmModelName = 'all-MiniLM-L6-v2';

/** The part of transformers.js (`@huggingface/transformers`, or the older `@xenova/transformers`) used here. */
export interface TransformersLibrary {
  readonly env: { allowRemoteModels: boolean; allowLocalModels: boolean; localModelPath: string };
  pipeline(
    task: 'feature-extraction',
    model: string,
    options?: Record<string, unknown>,
  ): Promise<(texts: string[], options: { pooling: 'mean'; normalize: boolean }) => Promise<{ dims: number[]; data: ArrayLike<number> }>>;
}

const libraryNames = ['@huggingface/transformers', '@xenova/transformers'] as const;

/**
 * Loads transformers.js if it is installed. It is not a dependency of swarmlog (with onnxruntime it weighs hundreds of
 * megabytes); `npm install @huggingface/transformers` to use MiniLM. The name is held in a variable so neither the
 * type checker nor the bundler needs the package.
 */
export const loadTransformers = async (): Promise<TransformersLibrary | undefined> => {
  for (const name of libraryNames) {
    const specifier: string = name;
    try {
      const loaded = (await import(specifier)) as TransformersLibrary & { default?: TransformersLibrary };
      return typeof loaded.pipeline === 'function' ? loaded : loaded.default;
    } catch {
      // not installed: try the next name
    }
  }
  return undefined;
};

/** A directory holding a transformers.js model: its config, its tokenizer and an ONNX export. */
export const isModelDir = (dir: string): boolean =>
  existsSync(join(dir, 'config.json')) &&
  existsSync(join(dir, 'tokenizer.json')) &&
  existsSync(join(dir, 'onnx')) &&
  readdirSync(join(dir, 'onnx')).some((f) => f.endsWith('.onnx'));

/**
 * Where all-MiniLM-L6-v2 already is on this machine, if anywhere (never downloaded): `SWARM_EMBEDDING_MODEL_DIR`,
 * `$SWARM_HOME/models/all-MiniLM-L6-v2`, or transformers.js's own cache (`Xenova/…` or `sentence-transformers/…`).
 */
export const findMiniLmModel = (env: NodeJS.ProcessEnv, home: string): string | undefined => {
  if (env.SWARM_EMBEDDING_MODEL_DIR) return isModelDir(env.SWARM_EMBEDDING_MODEL_DIR) ? env.SWARM_EMBEDDING_MODEL_DIR : undefined;
  const candidates = [join(home, 'models', miniLmModelName)];
  const require = createRequire(import.meta.url);
  for (const name of libraryNames) {
    try {
      const cache = join(dirname(require.resolve(`${name}/package.json`)), '.cache');
      candidates.push(join(cache, 'Xenova', miniLmModelName), join(cache, 'sentence-transformers', miniLmModelName));
    } catch {
      // library not installed: no cache of its own
    }
  }
  return candidates.find(isModelDir);
};

/**
 * all-MiniLM-L6-v2 through transformers.js, from local files only (remote models are switched off, so nothing is
 * fetched at run time): mean pooling and L2 normalisation, as sentence-transformers does for this model.
 */
export const createMiniLmEmbedder = async (modelDir: string, library: TransformersLibrary): Promise<Embedder> => {
  library.env.allowRemoteModels = false;
  library.env.allowLocalModels = true;
  library.env.localModelPath = `${dirname(modelDir)}/`;
  const extract = await library.pipeline('feature-extraction', basename(modelDir));
  return {
    kind: 'minilm',
    name: miniLmModelName,
    id: `minilm:${miniLmModelName}`,
    embed: async (texts) => {
      if (texts.length === 0) return [];
      const output = await extract([...texts], { pooling: 'mean', normalize: true });
      if (output.dims.length !== 2 || output.dims[0] !== texts.length || output.dims[1] !== embeddingDimension)
        throw new Error(`${miniLmModelName} at ${modelDir} gave vectors of shape [${output.dims.join(', ')}], expected [${texts.length}, ${embeddingDimension}]`);
      return texts.map((_, i) => Float32Array.from({ length: embeddingDimension }, (_, j) => output.data[i * embeddingDimension + j]!));
    },
  };
};
