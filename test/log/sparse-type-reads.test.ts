import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventData, RecordedEvent } from '../../domain/log/envelope.js';
import type { ReadAllOptions } from '../../domain/log/event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { countLimit, MAX_MERGED_TYPES, readsThroughTypeIndex, SPARSE_FILTER_RATIO } from '../../infra/log/sqlite/sparse-type-reads.js';

// A read filtered by several types that are few in its range goes through the type index (merged ranges) instead of
// reading every row of the range: the same events, in the same order, as the filter applied to the whole log.

const metadata = { correlationId: 'c', causationId: 'c', actor: { kind: 'agent' as const, id: 'tester' }, at: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
const dir = mkdtempSync(join(tmpdir(), 'sparse-reads-'));
const log = createSqliteEventStore({ path: join(dir, 'log.db'), synchronous: 'NORMAL' });

// 24,000 events: mostly Busy, one Rare in 24 and one Seldom in 31 (each type's events interleave, across many pages).
const typeOf = (i: number) => (i % 24 === 5 ? 'Rare' : i % 31 === 7 ? 'Seldom' : i % 97 === 0 ? 'Other' : 'Busy');
test.before(async () => {
  for (let batch = 0; batch < 240; batch++) {
    const events: EventData[] = Array.from({ length: 100 }, (_, k) => ({ id: newEventId(), type: typeOf(batch * 100 + k), data: { i: batch * 100 + k }, metadata }));
    await log.append(`stream-${batch % 7}`, events);
  }
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

const read = async (opts: ReadAllOptions): Promise<number[]> => {
  const out: number[] = [];
  for await (const e of log.readAll(opts)) out.push(e.position);
  return out;
};
const everything = async (): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const e of log.readAll()) out.push(e);
  return out;
};

test('the decision: several types, at most one in SPARSE_FILTER_RATIO events of the range, at most MAX_MERGED_TYPES', () => {
  assert.ok(readsThroughTypeIndex(2, 1_000, 100_000));
  assert.not.ok(readsThroughTypeIndex(1, 1_000, 100_000), 'one type is a range of the index already');
  assert.not.ok(readsThroughTypeIndex(2, 100_000 / SPARSE_FILTER_RATIO, 100_000), 'dense enough to read the range');
  assert.not.ok(readsThroughTypeIndex(MAX_MERGED_TYPES + 1, 10, 100_000));
  // The count stops at the first number of matches that is not few.
  assert.not.ok(readsThroughTypeIndex(2, countLimit(100_000), 100_000));
  assert.ok(readsThroughTypeIndex(2, countLimit(100_000) - 1, 100_000));
  assert.not.ok(readsThroughTypeIndex(2, countLimit(99_999), 99_999));
  assert.ok(readsThroughTypeIndex(2, countLimit(99_999) - 1, 99_999));
});

test('a sparse filter reads the same events in the same order as the filter applied to everything', async () => {
  const all = await everything();
  const wanted = (types: string[], after = 0) => all.filter((e) => types.includes(e.type) && e.position > after).map((e) => e.position);
  const filter = { eventTypes: ['Rare', 'Seldom'] };
  const rare = all.filter((e) => e.type === 'Rare' || e.type === 'Seldom').length;
  assert.ok(readsThroughTypeIndex(2, rare, all.length), `the fixture is sparse (${rare} of ${all.length})`);
  assert.ok(rare > 1_000, 'more than one page');
  assert.equal(await read({ filter }), wanted(['Rare', 'Seldom']));
  // A type named twice is read once; a type not in the log adds nothing.
  assert.equal(await read({ filter: { eventTypes: ['Seldom', 'Rare', 'Seldom', 'Absent'] } }), wanted(['Rare', 'Seldom']));
  assert.equal(await read({ filter, fromPosition: 5_000 }), wanted(['Rare', 'Seldom'], 5_000));
  assert.equal(await read({ filter, fromPosition: 5_006, inclusive: true }), wanted(['Rare', 'Seldom'], 5_005));
  assert.equal(await read({ filter, maxCount: 1_234 }), wanted(['Rare', 'Seldom']).slice(0, 1_234));
  // A dense filter (read through the range) agrees too.
  assert.equal(await read({ filter: { eventTypes: ['Busy', 'Other'] } }), wanted(['Busy', 'Other']));
});

test.run();
