import Database from 'better-sqlite3';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SCAN_CACHE_PAGES, scanCache } from '../../infra/log/sqlite/scan-cache.js';

// A long scan reads with a small page cache; the log's usual cache comes back when the last interleaved scan ends.
test('the cache is small while any scan runs and as it was after the last', () => {
  const db = new Database(':memory:');
  db.pragma('cache_size = -4000');
  const cacheSize = () => db.pragma('cache_size', { simple: true }) as number;
  const scans = scanCache(db);
  scans.enter();
  assert.is(cacheSize(), SCAN_CACHE_PAGES);
  scans.enter();
  scans.leave();
  assert.is(cacheSize(), SCAN_CACHE_PAGES, 'another scan still runs');
  scans.leave();
  assert.is(cacheSize(), -4000);
  db.close();
});

test.run();
