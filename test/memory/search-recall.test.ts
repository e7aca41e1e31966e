import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { labelledMemories, labelledQueries } from '../fixtures/memory-recall-set.js';
import { measureSearchRecall } from './search-recall.js';

test('the labelled set is the size it says, and every relevant id is one of its memories', () => {
  const ids = new Set(labelledMemories.map((m) => m.memoryId));
  assert.ok(labelledMemories.length >= 30 && labelledMemories.length <= 60);
  assert.ok(labelledQueries.length >= 15 && labelledQueries.length <= 20);
  for (const q of labelledQueries) for (const id of q.relevant) assert.ok(ids.has(id), `${q.query}: ${id}`);
});

test('search by shared words (BM25) finds at least as many relevant memories in its first five as the hashed vectors did', async () => {
  const measured = await measureSearchRecall(5);
  assert.is(measured.old.ranking, 'cosine');
  assert.is(measured.words.ranking, 'bm25');
  assert.is(measured.fusedWithLocalHash.ranking, 'bm25+cosine');
  assert.ok(measured.words.recall >= measured.old.recall, `recall@5: BM25 ${measured.words.recall}, hashed vectors ${measured.old.recall}`);
  // Per query, the new ranking never loses a memory the old one found on this set.
  measured.words.perQuery.forEach((r, i) => assert.ok(r >= measured.old.perQuery[i]!, labelledQueries[i]!.query));
});

test.run();
