import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { retryWhileBusy } from '../../infra/log/sqlite/sqlite-busy.js';

/** An error as better-sqlite3 throws it for "database is locked". */
const busy = () => Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });

// Two `swarm up` opening one new read-model file together: switching it to WAL answered SQLITE_BUSY at once (the busy
// timeout does not cover that lock), and one of them failed to start (seen once in CI, test/e2e/first-minutes).
test('a step that meets a busy database is tried again until it goes through', () => {
  let tries = 0;
  const result = retryWhileBusy(() => {
    tries++;
    if (tries < 3) throw busy();
    return 'wal';
  });
  assert.is(result, 'wal');
  assert.is(tries, 3);
});

test('any other error is thrown at once', () => {
  let tries = 0;
  assert.throws(
    () =>
      retryWhileBusy(() => {
        tries++;
        throw new Error('disk I/O error');
      }),
    /disk I\/O error/,
  );
  assert.is(tries, 1);
});

test('busy past the timeout is thrown', () => {
  const started = Date.now();
  assert.throws(() => retryWhileBusy(() => { throw busy(); }, 100), /database is locked/);
  assert.ok(Date.now() - started >= 100, 'it kept trying until the timeout');
});

test.run();
