import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { chooseEmbedder } from '../../infra/memory/choose-embedder.js';
import { hashEmbedding, localHashEmbedder } from '../../infra/memory/local-hash-embedder.js';
import type { TransformersLibrary } from '../../infra/memory/minilm-embedder.js';
import { embeddingDimension } from '../../processes/memory/embedder.js';

const test = suite<{ dir: string }>('embedders');
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarmlog-embedder-'));
});
test.after.each(({ dir }) => rmSync(dir, { recursive: true, force: true }));

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);
const norm = (v: Float32Array) => Math.sqrt(cosine(v, v));

/** A directory shaped like a transformers.js model export (the files are placeholders: a fake library reads them). */
const fakeModelDir = (dir: string) => {
  const model = join(dir, 'all-MiniLM-L6-v2');
  mkdirSync(join(model, 'onnx'), { recursive: true });
  writeFileSync(join(model, 'config.json'), '{}');
  writeFileSync(join(model, 'tokenizer.json'), '{}');
  writeFileSync(join(model, 'onnx', 'model.onnx'), '');
  return model;
};

test('the local embedder gives the same unit vector of 384 numbers for the same text, every time', async () => {
  const [a, b] = await localHashEmbedder.embed(['Demo GIFs help sales on Gumroad', 'Demo GIFs help sales on Gumroad']);
  assert.is(a!.length, embeddingDimension);
  assert.equal([...a!], [...b!]);
  assert.ok(Math.abs(norm(a!) - 1) < 1e-5);
});

const pinnedDigest = 'cab5f7c85f57e061';
test('the local embedder’s vectors are pinned: a change to its features must come with a new id (the index is rebuilt then)', () => {
  const bytes = Buffer.from(hashEmbedding('Ship a small product with tests, then publish it on npm').buffer);
  assert.is(localHashEmbedder.id, 'local-hash@1');
  assert.is(createHash('sha256').update(bytes).digest('hex').slice(0, 16), pinnedDigest);
});

test('texts sharing words rank closer than texts that share none', async () => {
  const [query, near, far] = await localHashEmbedder.embed([
    'how do demo videos affect gumroad sales',
    'Demo GIFs help sales on Gumroad',
    'Write unit tests with uvu before publishing npm packages',
  ]);
  assert.ok(cosine(query!, near!) > cosine(query!, far!) + 0.2, `${cosine(query!, near!)} vs ${cosine(query!, far!)}`);
});

test('word forms count: "testing" is closer to a note about tests than to one about pricing', async () => {
  const [query, tests, pricing] = await localHashEmbedder.embed(['testing', 'always run the tests', 'raise the price to 9 dollars']);
  assert.ok(cosine(query!, tests!) > cosine(query!, pricing!));
});

test('stop words alone do not make two texts similar', async () => {
  const [a, b] = await localHashEmbedder.embed(['the price of the course', 'the review of the code']);
  const [c] = await localHashEmbedder.embed(['price course']);
  assert.ok(cosine(a!, c!) > 0.99, 'stop words are ignored');
  assert.ok(cosine(a!, b!) < 0.3);
});

test('a text of stop words or symbols still gets a unit vector', async () => {
  const [a] = await localHashEmbedder.embed(['!!!']);
  assert.ok(Math.abs(norm(a!) - 1) < 1e-5);
});

test('without a local model the local embedder is active, and it says why', async ({ dir }) => {
  const chosen = await chooseEmbedder({}, dir, async () => undefined);
  assert.is(chosen.embedder.kind, 'local-hash');
  assert.match(chosen.note!, /all-MiniLM-L6-v2 not found locally/);
});

test('SWARM_EMBEDDER=local-hash forces the local embedder; minilm without a model is an error; other values are refused', async ({ dir }) => {
  assert.is((await chooseEmbedder({ SWARM_EMBEDDER: 'local-hash' }, dir)).embedder.kind, 'local-hash');
  try {
    await chooseEmbedder({ SWARM_EMBEDDER: 'minilm' }, dir, async () => undefined);
    assert.unreachable('minilm without a model');
  } catch (e) {
    assert.match((e as Error).message, /^SWARM_EMBEDDER=minilm: all-MiniLM-L6-v2 not found/);
  }
  try {
    await chooseEmbedder({ SWARM_EMBEDDER: 'word2vec' }, dir);
    assert.unreachable('unknown embedder');
  } catch (e) {
    assert.match((e as Error).message, /SWARM_EMBEDDER: expected auto, minilm or local-hash, got "word2vec"/);
  }
});

test('model files without transformers.js installed fall back to the local embedder and say what to install', async ({ dir }) => {
  const model = fakeModelDir(dir);
  const chosen = await chooseEmbedder({ SWARM_EMBEDDING_MODEL_DIR: model }, dir, async () => undefined);
  assert.is(chosen.embedder.kind, 'local-hash');
  assert.match(chosen.note!, /transformers\.js is not installed/);
});

test('model files under $SWARM_HOME/models are found without any setting', async ({ dir }) => {
  fakeModelDir(join(dir, 'models'));
  const chosen = await chooseEmbedder({}, dir, async () => undefined);
  assert.match(chosen.note!, /found at .*models\/all-MiniLM-L6-v2/);
});

test('with a local model and the library, MiniLM runs from local files only, mean-pooled and normalised, one vector per text', async ({ dir }) => {
  const model = fakeModelDir(dir);
  const calls: { model?: string; texts?: string[]; options?: unknown } = {};
  const library: TransformersLibrary = {
    env: { allowRemoteModels: true, allowLocalModels: false, localModelPath: '/models/' },
    pipeline: async (_task, name) => {
      calls.model = name;
      return async (texts, options) => {
        calls.texts = texts;
        calls.options = options;
        return { dims: [texts.length, embeddingDimension], data: Float32Array.from({ length: texts.length * embeddingDimension }, (_, i) => Math.floor(i / embeddingDimension) + 1) };
      };
    },
  };
  const chosen = await chooseEmbedder({ SWARM_EMBEDDING_MODEL_DIR: model }, dir, async () => library);
  assert.is(chosen.embedder.kind, 'minilm');
  assert.is(chosen.embedder.name, 'all-MiniLM-L6-v2');
  assert.is(chosen.note, undefined);
  assert.is(library.env.allowRemoteModels, false);
  assert.is(library.env.localModelPath, `${dir}/`);
  assert.is(calls.model, 'all-MiniLM-L6-v2');
  const vectors = await chosen.embedder.embed(['one', 'two']);
  assert.equal(calls.texts, ['one', 'two']);
  assert.equal(calls.options, { pooling: 'mean', normalize: true });
  assert.equal(vectors.map((v) => [v.length, v[0], v[383]]), [[384, 1, 1], [384, 2, 2]]);
});

test('a model that fails to load falls back with the reason, or fails outright when minilm was required', async ({ dir }) => {
  const model = fakeModelDir(dir);
  const broken: TransformersLibrary = {
    env: { allowRemoteModels: true, allowLocalModels: true, localModelPath: '' },
    pipeline: async () => {
      throw new Error('Protobuf parsing failed');
    },
  };
  const chosen = await chooseEmbedder({ SWARM_EMBEDDING_MODEL_DIR: model }, dir, async () => broken);
  assert.is(chosen.embedder.kind, 'local-hash');
  assert.match(chosen.note!, /could not be loaded: Protobuf parsing failed/);
  try {
    await chooseEmbedder({ SWARM_EMBEDDING_MODEL_DIR: model, SWARM_EMBEDDER: 'minilm' }, dir, async () => broken);
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /could not be loaded/);
  }
});

test.run();
