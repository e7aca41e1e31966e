import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startFakeQdrant } from '../fakes/qdrant/fake-qdrant-server.js';

const run = promisify(execFile);
const test = suite<{ home: string }>('swarm memory search (built CLI)');
test.before(() => {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'ignore' });
});
test.before.each((ctx) => {
  ctx.home = mkdtempSync(join(tmpdir(), 'swarmlog-memory-search-'));
});
test.after.each(({ home }) => rmSync(home, { recursive: true, force: true }));

// Asynchronous, so a fake server in this process can answer the child.
const swarm = async (home: string, args: string[], env: Record<string, string> = {}) => {
  try {
    const r = await run('node', ['cli/bin/swarm', ...args], { env: { ...process.env, SWARM_HOME: home, SWARM_AGENT: '', QDRANT_URL: '', SWARM_EMBEDDER: '', SWARM_EMBEDDING_MODEL_DIR: '', ...env }, encoding: 'utf8' });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const r = e as { code: number; stdout: string; stderr: string };
    return { code: r.code, out: r.stdout, err: r.stderr };
  }
};

const seed = async (home: string, env: Record<string, string> = {}) => {
  for (const args of [
    ['--type', 'lesson', 'Demo GIFs help sales on Gumroad', '--importance', '8', '--tags', 'marketing,gumroad'],
    ['--type', 'fact', 'Gumroad takes a ten percent fee on every sale', '--tags', 'gumroad,pricing'],
    ['--type', 'skill', 'Write unit tests with uvu before publishing npm packages', '--importance', '7', '--tags', 'testing'],
  ]) {
    const r = await swarm(home, ['memory', 'add', ...args], { SWARM_AGENT: 'publisher', ...env });
    assert.is(r.code, 0, r.err);
  }
};

test('without a model, search ranks by shared words and says so, naming the embedder and the index', async ({ home }) => {
  await seed(home);
  const text = await swarm(home, ['memory', 'search', 'demo videos for gumroad sales']);
  assert.is(text.code, 0, text.err);
  const [header, columns, first] = text.out.split('\n');
  assert.match(header!, /^ranking: shared words \(SQLite FTS5, BM25\) \| embedder: local-hash \(all-MiniLM-L6-v2 not found locally.*\) \| index: embedded words \(.*swarm\.memory-index\.db\)$/);
  assert.not.match(text.out, /semantic/i);
  assert.match(columns!, /^ID\s+SCORE\s+IMPORTANCE\s+TYPE\s+TAGS\s+CONTENT/);
  assert.match(first!, /Demo GIFs help sales on Gumroad/);
  const json = JSON.parse((await swarm(home, ['memory', 'search', 'unit tests for npm', '--limit', '1', '--json'])).out);
  assert.equal([json.ranking, json.rankingText, json.embedder, json.embedderKind], ['bm25', 'shared words (SQLite FTS5, BM25)', 'local-hash', 'local-hash']);
  assert.equal(json.results.map((r: { content: string; by: string }) => [r.content, r.by]), [['Write unit tests with uvu before publishing npm packages', 'publisher']]);
});

test('search filters by --type, --min-importance and --tags', async ({ home }) => {
  await seed(home);
  const contents = async (args: string[]) =>
    (JSON.parse((await swarm(home, ['memory', 'search', 'gumroad tests', '--json', ...args])).out).results as { content: string }[]).map((r) => r.content).sort();
  assert.equal(await contents(['--type', 'fact']), ['Gumroad takes a ten percent fee on every sale']);
  assert.equal(await contents(['--min-importance', '7']), ['Demo GIFs help sales on Gumroad', 'Write unit tests with uvu before publishing npm packages']);
  assert.equal(await contents(['--tags', 'testing,pricing']), ['Gumroad takes a ten percent fee on every sale', 'Write unit tests with uvu before publishing npm packages']);
});

test('bad search input is exit 2 naming the flag, and appends nothing', async ({ home }) => {
  await seed(home);
  const events = async () => (await swarm(home, ['events'])).out.trim().split('\n').length;
  const before = await events();
  const importance = await swarm(home, ['memory', 'search', 'x', '--min-importance', '11']);
  assert.is(importance.code, 2);
  assert.match(importance.err, /--min-importance: expected a whole number from 1 to 10, got "?11"?/);
  const type = await swarm(home, ['memory', 'search', 'x', '--type', 'gossip']);
  assert.is(type.code, 2);
  assert.match(type.err, /--type: expected one of fact, skill/);
  const limit = await swarm(home, ['memory', 'search', 'x', '--limit', '0']);
  assert.is(limit.code, 2);
  assert.match(limit.err, /--limit/);
  const embedder = await swarm(home, ['memory', 'search', 'x'], { SWARM_EMBEDDER: 'word2vec' });
  assert.is(embedder.code, 2);
  assert.match(embedder.err, /SWARM_EMBEDDER: expected auto, minilm or local-hash/);
  assert.is(await events(), before);
});

test('with QDRANT_URL but no model, search is by shared words and the memories are kept in Qdrant (issue C: into Qdrant when QDRANT_URL is set)', async ({ home }) => {
  const qdrant = await startFakeQdrant();
  try {
    const env = { QDRANT_URL: qdrant.url, QDRANT_COLLECTION: 'cli_memory' };
    await seed(home, env);
    const text = await swarm(home, ['memory', 'search', 'demo videos for gumroad sales', '--limit', '1'], env);
    assert.is(text.code, 0, text.err);
    assert.match(text.out, /^ranking: shared words \(SQLite FTS5, BM25\) .*\| index: embedded words .*; memories also kept in qdrant \(/);
    assert.match(text.out, /Demo GIFs help sales on Gumroad/);
    // Kept, not ranked: without a model their vectors rank nothing (test/memory/qdrant-index.test.ts searches through
    // Qdrant with a model); every memory seeded is there.
    assert.ok((qdrant.collections.get('cli_memory')?.points.size ?? 0) >= 2, 'the memories went to Qdrant');
    assert.not.ok(qdrant.requests.some((r) => /points\/(search|query)/.test(r)), 'Qdrant is not searched without a model');
    assert.equal(qdrant.unhandled, []);
  } finally {
    await qdrant.close();
  }
});

test.run();
