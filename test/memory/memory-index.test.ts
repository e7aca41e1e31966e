import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainError } from '../../domain/errors.js';
import { localHashEmbedder } from '../../infra/memory/local-hash-embedder.js';
import { createSqliteMemoryIndex, type SqliteMemoryIndex } from '../../infra/memory/sqlite-memory-index.js';
import { createSqliteWordIndex, type SqliteWordIndex } from '../../infra/memory/sqlite-word-index.js';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { addMemory, forgetMemory } from '../../processes/commands/memory-commands.js';
import type { Embedder } from '../../processes/memory/embedder.js';
import { catchUpMemoryIndex, catchUpWordIndex, rebuildMemoryIndex, rebuildWordIndex } from '../../processes/memory/memory-index-catch-up.js';
import { relevantMemories } from '../../processes/memory/relevant-memories.js';
import { memorySearchLine, memoryStartLine, searchLongTermMemory, type SemanticMemory } from '../../processes/memory/semantic-memory.js';
import { agent, createTestRuntime, human, type TestRuntime } from '../fixtures/test-runtime.js';

const test = suite<{ rt: TestRuntime; index: SqliteMemoryIndex; words: SqliteWordIndex; memory: SemanticMemory; vectorsOnly: SemanticMemory }>('embedded memory index');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
  ctx.index = createSqliteMemoryIndex(join(ctx.rt.dir, 'swarm.memory-index.db'));
  ctx.words = createSqliteWordIndex(join(ctx.rt.dir, 'swarm.memory-index.db'));
  ctx.memory = {
    embedder: localHashEmbedder,
    index: ctx.index,
    words: ctx.words,
    close: async () => {
      await ctx.words.close();
      await ctx.index.close();
    },
  };
  // Without a word index, as before it existed: the vector index ranks alone.
  ctx.vectorsOnly = { embedder: localHashEmbedder, index: ctx.index, close: async () => undefined };
});
test.after.each(async ({ rt, memory }) => {
  await memory.close();
  await rt.dispose();
});

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`refused: ${e.left.code} ${e.left.message}`);
  return e.right;
};

const remember = async (rt: TestRuntime, memoryId: string, content: string, extra: Record<string, unknown> = {}, by = 'builder') =>
  ok(await addMemory(rt, agent(by), { memoryId, type: 'lesson', content, importance: 5, ...extra }));

const search = async (rt: TestRuntime, memory: SemanticMemory, input: Record<string, unknown>) => ok(await searchLongTermMemory(rt, memory, input));
const ids = (found: { results: readonly { memoryId: string }[] }) => found.results.map((r) => r.memoryId);

const seed = async (rt: TestRuntime) => {
  await remember(rt, 'gifs', 'Demo GIFs help sales on Gumroad', { importance: 8, tags: ['marketing', 'gumroad'] }, 'publisher');
  await remember(rt, 'fee', 'Gumroad takes a ten percent fee on every sale', { type: 'fact', importance: 4, tags: ['gumroad', 'pricing'] });
  await remember(rt, 'uvu', 'Write unit tests with uvu before publishing npm packages', { type: 'skill', importance: 7, tags: ['testing'] });
  await remember(rt, 'price', 'Price templates at nine dollars, not five', { type: 'strategy', importance: 9, tags: ['pricing'] });
};

test('without a language model, search ranks by shared words (BM25), best first, with the records’ fields', async ({ rt, memory }) => {
  await seed(rt);
  const found = await search(rt, memory, { query: 'gumroad sales demo', limit: 2 });
  assert.is(found.ranking, 'bm25');
  assert.is(found.rankingText, 'shared words (SQLite FTS5, BM25)');
  assert.is(found.embedder, 'local-hash');
  assert.equal(ids(found), ['gifs', 'fee']);
  assert.is(found.results[0]!.by, 'publisher');
  assert.ok(found.results[0]!.score > found.results[1]!.score && found.results[0]!.bm25 === found.results[0]!.score);
  assert.equal(ids(await search(rt, memory, { query: 'unit tests for npm packages', limit: 1 })), ['uvu']);
  // Word forms meet through stemming ("pricing" finds "Price"); a query sharing no word finds nothing.
  assert.equal(ids(await search(rt, memory, { query: 'pricing', limit: 5 })).sort(), ['fee', 'price']);
  assert.equal(ids(await search(rt, memory, { query: 'kubernetes operators' })), []);
});

test('swarm up and swarm memory search say how memory is searched: by shared words without a model, never "semantic"', ({ memory, index, words }) => {
  const noted = { ...memory, embedderNote: 'all-MiniLM-L6-v2 not found locally' };
  assert.match(memoryStartLine(noted), /^search by shared words \(SQLite FTS5, BM25\) in embedded words \(.*swarm\.memory-index\.db\); embedder local-hash \(all-MiniLM-L6-v2 not found locally\)$/);
  assert.match(memorySearchLine(noted), /^ranking: shared words \(SQLite FTS5, BM25\) \| embedder: local-hash \(.*\) \| index: embedded words /);
  const model: Embedder = { ...localHashEmbedder, kind: 'minilm', name: 'all-MiniLM-L6-v2', id: 'minilm:all-MiniLM-L6-v2' };
  assert.match(memoryStartLine({ embedder: model, index, words }), /^search by shared words \(BM25\) fused with all-MiniLM-L6-v2 similarity \(reciprocal rank\) in embedded \(.*\) \+ embedded words \(.*\); embedder all-MiniLM-L6-v2$/);
  for (const line of [memoryStartLine(noted), memorySearchLine(noted)]) assert.not.match(line, /semantic|meaning/i);
});

test('text that looks like FTS5 syntax is searched as words', async ({ rt, memory }) => {
  await seed(rt);
  for (const query of ['"demo', 'NEAR(demo gifs)', 'demo AND OR NOT *', 'tags:gumroad', '^demo', '(((', 'the and of'])
    assert.ok(Array.isArray((await search(rt, memory, { query })).results), query);
  assert.equal(ids(await search(rt, memory, { query: 'NEAR(demo gifs)', limit: 1 })), ['gifs']);
});

test('with a model, word and vector rankings are fused by reciprocal rank', async ({ rt, index, words }) => {
  await seed(rt);
  const model: Embedder = { ...localHashEmbedder, kind: 'minilm', name: 'fake-model', id: 'fake-model@1' };
  const found = await search(rt, { embedder: model, index, words, close: async () => undefined }, { query: 'gumroad sales demo', limit: 3 });
  assert.is(found.ranking, 'bm25+cosine');
  assert.match(found.rankingText, /fused with fake-model similarity/);
  const top = found.results[0]!;
  assert.is(top.memoryId, 'gifs');
  // First in both lists: 1/61 + 1/61.
  assert.is(top.score, Math.round((2 / 61) * 1e6) / 1e6);
  assert.ok(top.bm25! > 0 && top.cosine! > 0);
});

test('without a word index the vector index ranks alone, by cosine', async ({ rt, vectorsOnly: memory }) => {
  await seed(rt);
  const found = await search(rt, memory, { query: 'gumroad sales demo', limit: 2 });
  assert.is(found.ranking, 'cosine');
  assert.is(found.rankingText, 'shared words (hashed word vectors, cosine)');
  assert.equal(ids(found), ['gifs', 'fee']);
  assert.ok(found.results[0]!.score > found.results[1]!.score && found.results[0]!.score <= 1);
  assert.equal(ids(await search(rt, memory, { query: 'unit tests for npm packages', limit: 1 })), ['uvu']);
});

test('filters: type, minimum importance, and tags (any of), by words and by vectors', async ({ rt, memory, vectorsOnly }) => {
  await seed(rt);
  for (const m of [memory, vectorsOnly]) {
    const query = 'gumroad price tests';
    assert.equal(ids(await search(rt, m, { query, type: 'fact' })), ['fee']);
    assert.equal(ids(await search(rt, m, { query, minImportance: 8 })).sort(), ['gifs', 'price']);
    assert.equal(ids(await search(rt, m, { query, tags: ['testing', 'marketing'] })).sort(), ['gifs', 'uvu']);
    assert.equal(ids(await search(rt, m, { query, tags: ['pricing'], minImportance: 5 })), ['price']);
    assert.equal(ids(await search(rt, m, { query, tags: ['nothing-here'] })), []);
  }
});

test('a forgotten memory is no longer found, and redelivering its record does not bring it back', async ({ rt, index, words, memory, vectorsOnly }) => {
  await seed(rt);
  await search(rt, memory, { query: 'gumroad' });
  await search(rt, vectorsOnly, { query: 'gumroad' });
  ok(await forgetMemory(rt, human(), { memoryId: 'gifs', reason: 'outdated' }));
  assert.not.ok(ids(await search(rt, memory, { query: 'demo gifs gumroad sales' })).includes('gifs'));
  assert.not.ok(ids(await search(rt, vectorsOnly, { query: 'demo gifs gumroad sales' })).includes('gifs'));
  assert.equal(await words.search('demo gifs', { limit: 5 }), []);
  const wordsAt = (await words.checkpoint())!;
  await words.apply(
    [{ kind: 'upsert', position: wordsAt.position + 1, memory: { memoryId: 'gifs', type: 'lesson', content: 'Demo GIFs', tags: [], importance: 8, incomePotential: 0, by: 'publisher', at: rt.now() } }],
    { ...wordsAt, position: wordsAt.position + 1 },
  );
  assert.equal(await words.search('demo gifs', { limit: 5 }), []);
  const recorded = await index.checkpoint();
  // The same record delivered again after its forgetting (a replay from an older position) changes nothing.
  await index.apply(
    [{ kind: 'upsert', position: recorded!.position + 1, memory: { memoryId: 'gifs', type: 'lesson', content: 'Demo GIFs', tags: [], importance: 8, incomePotential: 0, by: 'publisher', at: rt.now() }, vector: (await localHashEmbedder.embed(['Demo GIFs']))[0]! }],
    { ...recorded!, position: recorded!.position + 1 },
  );
  assert.not.ok(index.dump().memories.some((m) => (m as { memoryId: string }).memoryId === 'gifs'));
});

test('changes at or before the checkpoint are skipped, so a batch folded by another process is not applied twice', async ({ rt, index }) => {
  await seed(rt);
  await catchUpMemoryIndex(rt.log, index, localHashEmbedder);
  const before = index.dump();
  const cp = (await index.checkpoint())!;
  assert.ok(await index.apply([{ kind: 'remove', position: cp.position - 1, memoryId: 'fee' }], cp));
  assert.equal(index.dump(), before);
});

test('the index persists: reopened, it answers the same without embedding anything again', async ({ rt, index, vectorsOnly: memory }) => {
  await seed(rt);
  const first = await search(rt, memory, { query: 'pricing on gumroad' });
  await index.close();
  const reopened = createSqliteMemoryIndex(join(rt.dir, 'swarm.memory-index.db'));
  let embedded = 0;
  const counting: Embedder = { ...localHashEmbedder, embed: async (texts) => ((embedded += texts.length), localHashEmbedder.embed(texts)) };
  const again = await search(rt, { embedder: counting, index: reopened, close: () => reopened.close() }, { query: 'pricing on gumroad' });
  assert.equal(again.results, first.results);
  assert.is(embedded, 1, 'only the query');
  await reopened.close();
  memory.close = async () => undefined;
});

test('a process holding vectors in memory sees what another process added or forgot since', async ({ rt, index, vectorsOnly: memory }) => {
  await seed(rt);
  assert.equal(ids(await search(rt, memory, { query: 'ebooks about prompts', limit: 1 })).length, 1);
  const other = createSqliteMemoryIndex(join(rt.dir, 'swarm.memory-index.db'));
  await remember(rt, 'ebook', 'Ebooks about prompts are a crowded market');
  ok(await forgetMemory(rt, human(), { memoryId: 'price', reason: 'outdated' }));
  await catchUpMemoryIndex(rt.log, other, localHashEmbedder);
  await other.close();
  const [vector] = await localHashEmbedder.embed(['ebooks about prompts']);
  const hits = await index.search(vector!, { limit: 10 });
  assert.is(hits[0]!.memoryId, 'ebook');
  assert.not.ok(hits.some((h) => h.memoryId === 'price'));
});

test('a rebuild from the log equals the index kept live along the way', async ({ rt, index, words, memory }) => {
  await remember(rt, 'a', 'Bundle three templates for a higher price', { tags: ['pricing'] });
  await search(rt, memory, { query: 'templates' });
  await catchUpMemoryIndex(rt.log, index, localHashEmbedder);
  await remember(rt, 'b', 'Reviewers catch missing README files', { type: 'fact', tags: ['review'] });
  ok(await forgetMemory(rt, agent('builder'), { memoryId: 'a', reason: 'wrong' }));
  await search(rt, memory, { query: 'readme' });
  await remember(rt, 'c', 'Small products ship faster', { importance: 9 });
  await catchUpMemoryIndex(rt.log, index, localHashEmbedder);
  const rebuilt = createSqliteMemoryIndex(join(rt.dir, 'rebuilt.memory-index.db'));
  await catchUpMemoryIndex(rt.log, rebuilt, localHashEmbedder, { batchSize: 1 });
  assert.equal(rebuilt.dump(), index.dump());
  assert.equal(index.dump().forgotten, ['a']);
  await rebuilt.close();
  const live = index.dump();
  let embedded = 0;
  const counting: Embedder = { ...localHashEmbedder, embed: async (texts) => ((embedded += texts.length), localHashEmbedder.embed(texts)) };
  const again = await rebuildMemoryIndex(rt.log, index, counting);
  assert.equal([again.rebuilt, embedded], [true, 3]);
  assert.equal(index.dump(), live);
  // The word index the same way: folded live, rebuilt in batches of one, rebuilt in place.
  await catchUpWordIndex(rt.log, words);
  const liveWords = words.dump();
  assert.equal(liveWords.forgotten, ['a']);
  assert.equal(liveWords.memories.map((m) => (m as unknown[])[0]), ['b', 'c']);
  const rebuiltWords = createSqliteWordIndex(join(rt.dir, 'rebuilt.memory-index.db'));
  await catchUpWordIndex(rt.log, rebuiltWords, { batchSize: 1 });
  assert.equal(rebuiltWords.dump(), liveWords);
  await rebuiltWords.close();
  assert.ok((await rebuildWordIndex(rt.log, words)).rebuilt);
  assert.equal(words.dump(), liveWords);
});

test('an index built with another embedder is rebuilt in the active one’s vector space', async ({ rt, index }) => {
  await seed(rt);
  const other: Embedder = { kind: 'local-hash', name: 'other', id: 'other@1', embed: async (texts) => texts.map(() => Object.assign(new Float32Array(384), { 0: 1 })) };
  await catchUpMemoryIndex(rt.log, index, other);
  assert.is((await index.checkpoint())!.embedder, 'other@1');
  const caught = await catchUpMemoryIndex(rt.log, index, localHashEmbedder);
  assert.ok(caught.rebuilt);
  assert.is((await index.checkpoint())!.embedder, 'local-hash@1');
  const live = index.dump();
  const fresh = createSqliteMemoryIndex(join(rt.dir, 'fresh.memory-index.db'));
  await catchUpMemoryIndex(rt.log, fresh, localHashEmbedder);
  assert.equal(fresh.dump(), live);
  await fresh.close();
});

test('an index folded from a log that was since replaced is rebuilt from the new log', async ({ rt, index }) => {
  await seed(rt);
  await catchUpMemoryIndex(rt.log, index, localHashEmbedder);
  const other = createSqliteEventStore({ path: join(rt.dir, 'other.db') });
  const otherRt = { ...rt, log: other };
  ok(await addMemory(otherRt, agent('pm'), { memoryId: 'only', type: 'fact', content: 'A new log with one memory' }));
  const caught = await catchUpMemoryIndex(other, index, localHashEmbedder);
  assert.ok(caught.rebuilt);
  assert.equal(index.dump().memories.map((m) => (m as { memoryId: string }).memoryId), ['only']);
  await other.close();
});

test('bad search input is refused naming the field', async ({ rt, memory }) => {
  const empty = await searchLongTermMemory(rt, memory, { query: '  ' });
  assert.ok(isLeft(empty) && empty.left.field === 'query');
  const importance = await searchLongTermMemory(rt, memory, { query: 'x', minImportance: 11 });
  assert.ok(isLeft(importance) && importance.left.field === 'minImportance');
  const type = await searchLongTermMemory(rt, memory, { query: 'x', type: 'gossip' });
  assert.ok(isLeft(type) && type.left.field === 'type');
});

test('relevant memories for a run: nearest to the task, the role’s own notes first among near ties', async ({ rt, memory }) => {
  await seed(rt);
  await remember(rt, 'builder-gifs', 'Demo GIFs help sales on Gumroad', { importance: 8, tags: ['marketing', 'gumroad'] }, 'builder');
  const runtime = { ...rt, memory };
  const forPublisher = await relevantMemories(runtime, { role: 'publisher', taskText: 'publish: add demo GIFs to the Gumroad page to lift sales', limit: 2 });
  assert.equal(forPublisher.map((m) => m.memoryId), ['gifs', 'builder-gifs']);
  const forBuilder = await relevantMemories(runtime, { role: 'builder', taskText: 'publish: add demo GIFs to the Gumroad page to lift sales', limit: 2 });
  assert.equal(forBuilder.map((m) => m.memoryId), ['builder-gifs', 'gifs']);
});

test('relevant memories leave out what is unrelated to the task, and without task text give the most important', async ({ rt, memory }) => {
  await seed(rt);
  const runtime = { ...rt, memory };
  assert.equal((await relevantMemories(runtime, { role: 'tester', taskText: 'write unit tests with uvu', limit: 5 })).map((m) => m.memoryId), ['uvu']);
  assert.equal((await relevantMemories(runtime, { role: 'pm', taskText: ' ', limit: 2 })).map((m) => m.memoryId), ['price', 'gifs']);
});

test.run();
