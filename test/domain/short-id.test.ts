import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { v7 } from 'uuid';
import { shortId } from '../../domain/log/short-id.js';

// The ids people copy from Slack and the terminal into a command must tell apart items made within the same minute.
test('two UUIDv7 ids made a millisecond apart have different short ids; the short id is a prefix of the id', () => {
  // The start of a window of 65,536 ms, within which the first 8 hex digits of the time do not change.
  const base = Math.floor(Date.parse('2026-12-05T12:00:00.000Z') / 65_536) * 65_536;
  const ids = [0, 1, 30_000, 59_999].map((ms) => v7({ msecs: base + ms }));
  assert.is(new Set(ids.map((id) => id.slice(0, 8))).size, 1, 'the old 8-character prefix was the same for all of them');
  assert.is(new Set(ids.map(shortId)).size, ids.length);
  for (const id of ids) assert.ok(id.startsWith(shortId(id)));
});

test.run();
