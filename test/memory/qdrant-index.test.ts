import { isRight, type Either } from 'fp-ts/lib/Either.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainError } from '../../domain/errors.js';
import { localHashEmbedder } from '../../infra/memory/local-hash-embedder.js';
import { createQdrantMemoryIndex, pointIdOf } from '../../infra/memory/qdrant-memory-index.js';
import { createSqliteWordIndex } from '../../infra/memory/sqlite-word-index.js';
import type { Embedder } from '../../processes/memory/embedder.js';
import { addMemory, forgetMemory } from '../../processes/commands/memory-commands.js';
import type { MemoryVectorIndex } from '../../processes/memory/memory-vector-index.js';
import { searchLongTermMemory, type SemanticMemory } from '../../processes/memory/semantic-memory.js';
import { startFakeQdrant, type FakeQdrant } from '../fakes/qdrant/fake-qdrant-server.js';
import { agent, createTestRuntime, human, type TestRuntime } from '../fixtures/test-runtime.js';

const execFileAsync = promisify(execFile);
const test = suite<{ rt: TestRuntime; qdrant: FakeQdrant; index: MemoryVectorIndex; memory: SemanticMemory }>('Qdrant memory index (real client, fake server)');
test.before.each(async (ctx) => {
  ctx.rt = createTestRuntime();
  ctx.qdrant = await startFakeQdrant();
  ctx.index = createQdrantMemoryIndex({ url: ctx.qdrant.url, collection: 'swarm_memory', checkpointsPath: join(ctx.rt.dir, 'swarm.memory-index.db') });
  ctx.memory = { embedder: localHashEmbedder, index: ctx.index, close: () => ctx.index.close() };
});
test.after.each(async ({ rt, qdrant, memory }) => {
  assert.equal(qdrant.unhandled, [], 'the client called only endpoints the fake implements');
  await memory.close();
  await qdrant.close();
  await rt.dispose();
});

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`refused: ${e.left.code} ${e.left.message}`);
  return e.right;
};
const remember = async (rt: TestRuntime, memoryId: string, content: string, extra: Record<string, unknown> = {}) =>
  ok(await addMemory(rt, agent('hunter'), { memoryId, type: 'discovery', content, importance: 6, ...extra }));
const search = async (ctx: { rt: TestRuntime; memory: SemanticMemory }, input: Record<string, unknown>) =>
  ok(await searchLongTermMemory(ctx.rt, ctx.memory, input)).results.map((r) => r.memoryId);

const seed = async (rt: TestRuntime) => {
  await remember(rt, 'notion', 'Notion templates sell well to students', { tags: ['templates', 'students'], importance: 8, incomePotential: 12.5 });
  await remember(rt, 'cli', 'Small CLI tools get stars on GitHub but rarely sales', { type: 'lesson', tags: ['github'] });
  await remember(rt, 'course', 'Short video courses need a free preview lesson', { type: 'strategy', tags: ['courses'], importance: 9 });
};

test('the collection is created when missing: cosine, 384 dimensions', async (ctx) => {
  await seed(ctx.rt);
  await search(ctx, { query: 'templates' });
  const collection = ctx.qdrant.collections.get('swarm_memory')!;
  assert.equal([collection.size, collection.distance], [384, 'Cosine']);
  assert.ok(ctx.qdrant.requests.includes('PUT /collections/swarm_memory'));
});

test('memories are upserted as points with the original’s payload, keyed by a UUID derived from the memory id', async (ctx) => {
  await seed(ctx.rt);
  await search(ctx, { query: 'templates' });
  const point = ctx.qdrant.collections.get('swarm_memory')!.points.get(pointIdOf('notion'))!;
  const { at, ...payload } = point.payload;
  assert.equal(payload, {
    memoryId: 'notion',
    type: 'discovery',
    content: 'Notion templates sell well to students',
    tags: ['templates', 'students'],
    importance: 8,
    incomePotential: 12.5,
    by: 'hunter',
  });
  assert.match(String(at), /^\d{4}-\d{2}-\d{2}T/);
  assert.match(pointIdOf('notion'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.is(ctx.qdrant.collections.get('swarm_memory')!.points.size, 3);
});

test('search ranks by cosine and filters by type, minimum importance and tags through Qdrant', async (ctx) => {
  await seed(ctx.rt);
  assert.equal((await search(ctx, { query: 'templates for students', limit: 1 })), ['notion']);
  assert.equal(await search(ctx, { query: 'video course preview', type: 'strategy' }), ['course']);
  assert.equal((await search(ctx, { query: 'sales', minImportance: 8 })).sort(), ['course', 'notion']);
  assert.equal((await search(ctx, { query: 'sales', tags: ['github', 'courses'] })).sort(), ['cli', 'course']);
  assert.ok(ctx.qdrant.requests.includes('POST /collections/swarm_memory/points/query'));
});

test('forgetting a memory deletes its point', async (ctx) => {
  await seed(ctx.rt);
  await search(ctx, { query: 'templates' });
  ok(await forgetMemory(ctx.rt, human(), { memoryId: 'cli', reason: 'not true any more' }));
  assert.not.ok((await search(ctx, { query: 'CLI tools on GitHub' })).includes('cli'));
  assert.not.ok(ctx.qdrant.collections.get('swarm_memory')!.points.has(pointIdOf('cli')));
});

test('only new memories are sent on the next search (the checkpoint is kept locally)', async (ctx) => {
  await seed(ctx.rt);
  await search(ctx, { query: 'templates' });
  const upserts = () => ctx.qdrant.requests.filter((r) => r === 'PUT /collections/swarm_memory/points').length;
  const before = upserts();
  await search(ctx, { query: 'templates' });
  assert.is(upserts(), before);
  await remember(ctx.rt, 'ebook', 'Ebooks about prompts are a crowded market');
  assert.equal(await search(ctx, { query: 'ebooks prompts market', limit: 1 }), ['ebook']);
  assert.is(upserts(), before + 1);
});

test('a collection deleted behind the index’s back is created again and refilled from the log', async (ctx) => {
  await seed(ctx.rt);
  await search(ctx, { query: 'templates' });
  ctx.qdrant.collections.delete('swarm_memory');
  const reopened = createQdrantMemoryIndex({ url: ctx.qdrant.url, collection: 'swarm_memory', checkpointsPath: join(ctx.rt.dir, 'swarm.memory-index.db') });
  const found = ok(await searchLongTermMemory(ctx.rt, { embedder: localHashEmbedder, index: reopened, close: () => reopened.close() }, { query: 'templates for students', limit: 1 }));
  assert.equal(found.results.map((r) => r.memoryId), ['notion']);
  assert.is(ctx.qdrant.collections.get('swarm_memory')!.points.size, 3);
  await reopened.close();
});

test('a collection of another dimension is refused with a message saying what to do', async (ctx) => {
  ctx.qdrant.collections.set('swarm_memory', { size: 768, distance: 'Cosine', points: new Map() });
  try {
    await searchLongTermMemory(ctx.rt, ctx.memory, { query: 'anything' });
    assert.unreachable();
  } catch (e) {
    assert.match((e as Error).message, /holds 768-dimension Cosine vectors; swarmlog needs 384-dimension Cosine: set QDRANT_COLLECTION/);
  }
});

test('a hit for a memory forgotten after the point was written (a slower process) is not returned', async (ctx) => {
  await seed(ctx.rt);
  await search(ctx, { query: 'templates' });
  const stale = { ...ctx.qdrant.collections.get('swarm_memory')!.points.get(pointIdOf('notion'))! };
  ok(await forgetMemory(ctx.rt, human(), { memoryId: 'notion', reason: 'wrong' }));
  await search(ctx, { query: 'templates' });
  ctx.qdrant.collections.get('swarm_memory')!.points.set(pointIdOf('notion'), stale);
  assert.not.ok((await search(ctx, { query: 'templates for students' })).includes('notion'));
});

/** The local hash embedder standing in for a language model (no model files here): the fused ranking's path. */
const standInModel: Embedder = { ...localHashEmbedder, kind: 'minilm', name: 'stand-in model', id: 'stand-in@1' };

test('with a model, Qdrant’s cosine ranking is fused with the local word index', async (ctx) => {
  await seed(ctx.rt);
  const words = createSqliteWordIndex(join(ctx.rt.dir, 'swarm.memory-index.db'));
  try {
    const found = ok(await searchLongTermMemory(ctx.rt, { embedder: standInModel, index: ctx.index, words, close: async () => undefined }, { query: 'templates for students', limit: 2 }));
    assert.is(found.ranking, 'bm25+cosine');
    assert.match(found.index, /^qdrant \(.*collection swarm_memory\) \+ embedded words/);
    assert.is(found.results[0]!.memoryId, 'notion');
    assert.ok(found.results[0]!.cosine! > 0 && found.results[0]!.bm25! > 0);
    assert.is(ctx.qdrant.collections.get('swarm_memory')!.points.size, 3);
  } finally {
    await words.close();
  }
});

test('QDRANT_URL set: swarm memory add sends each memory to Qdrant at once, with the default (local hash) embedder', async (ctx) => {
  const home = join(ctx.rt.dir, 'cli-home');
  const { SWARM_AGENT: _ignored, ...parent } = process.env;
  const env = { ...parent, SWARM_HOME: home, QDRANT_URL: ctx.qdrant.url, SWARM_EMBEDDER: 'local-hash' };
  // Asynchronously: the fake Qdrant answers from this process's event loop.
  const swarm = (args: string[]) => execFileAsync(process.execPath, ['cli/bin/swarm', ...args], { encoding: 'utf8', env });
  const first = await swarm(['memory', 'add', '--type', 'discovery', 'Notion templates sell well to students', '--json']);
  assert.is((JSON.parse(first.stdout) as { qdrant?: string }).qdrant, 'sent');
  assert.is(ctx.qdrant.collections.get('swarmlog_memory')?.points.size, 1, 'in Qdrant before any search');
  await swarm(['memory', 'add', '--type', 'lesson', 'Small CLI tools get stars on GitHub but rarely sales']);
  assert.is(ctx.qdrant.collections.get('swarmlog_memory')?.points.size, 2);
  const point = [...ctx.qdrant.collections.get('swarmlog_memory')!.points.values()].find((p) => (p.payload as { content?: string }).content?.startsWith('Notion'));
  assert.ok(point, 'the point carries the memory');
});

test('an unreachable Qdrant is an error saying which and why', async (ctx) => {
  await seed(ctx.rt);
  const closed = await startFakeQdrant();
  await closed.close();
  const index = createQdrantMemoryIndex({ url: closed.url, collection: 'swarm_memory', checkpointsPath: join(ctx.rt.dir, 'other.memory-index.db') });
  try {
    await searchLongTermMemory(ctx.rt, { embedder: standInModel, index, close: async () => undefined }, { query: 'templates' });
    assert.unreachable('the search should fail');
  } catch (e) {
    assert.match((e as Error).message, new RegExp(`^Qdrant at ${closed.url} \\(collection swarm_memory\\): fetch failed: ECONNREFUSED`));
  } finally {
    await index.close();
  }
});

test.run();
