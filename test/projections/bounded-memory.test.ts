import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import type { ProjectionStore } from '../../projections/engine/projection.js';
import { appendHistory, swarmHistory } from '../../scripts/bench-core-history.js';

/**
 * A fold from position 0 stops taking events in memory once the process's resident memory passes the bound
 * (`inMemoryMaxRss`), writes what it folded and goes on in batches: the read models are the same as a fold wholly
 * in memory. (The bound itself is measured by `npm run bench:start`; here it is set below any process's size, so the
 * pass stops after its first page.)
 */
const test = suite<{ dir: string }>('bounded memory');
test.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'swarm-bounded-'));
});
test.after.each(({ dir }) => rmSync(dir, { recursive: true, force: true }));

/** Counts the store's write transactions (a whole fold in memory writes each read model once). */
const counting = (store: ProjectionStore) => {
  let writes = 0;
  const counted: ProjectionStore = { ...store, write: (work, scope) => (writes++, store.write(work, scope)) };
  return { store: counted, writes: () => writes };
};

test('past the memory bound the fold goes on in batches and gives the same read models', async ({ dir }) => {
  const log = createSqliteEventStore({ path: join(dir, 'swarm.db'), synchronous: 'NORMAL' });
  const events = await appendHistory(log, swarmHistory(6000));
  const whole = counting(createSqliteProjectionStore(join(dir, 'whole.db')));
  const bounded = counting(createSqliteProjectionStore(join(dir, 'bounded.db')));
  const a = await catchUp(log, whole.store, allProjections);
  const b = await catchUp(log, bounded.store, allProjections, { inMemoryMaxRss: 1 });
  assert.equal([a.applied, a.position], [events, await log.headPosition()]);
  assert.is(b.position, a.position);
  assert.is(b.applied, events);
  assert.ok(bounded.writes() > whole.writes(), `the bounded fold went on in batches (${bounded.writes()} writes, ${whole.writes()} in memory)`);
  for (const p of allProjections) {
    assert.equal(bounded.store.checkpoint(p.name), whole.store.checkpoint(p.name), `${p.name}: checkpoint`);
    assert.equal(bounded.store.dump(p.name), whole.store.dump(p.name), `${p.name}: documents`);
  }
  whole.store.close();
  bounded.store.close();
  await log.close();
});

test('over a long log the read models are folded one per pass, giving the same read models', async ({ dir }) => {
  const log = createSqliteEventStore({ path: join(dir, 'swarm.db'), synchronous: 'NORMAL' });
  const events = await appendHistory(log, swarmHistory(6000));
  const whole = counting(createSqliteProjectionStore(join(dir, 'whole.db')));
  const sliced = createSqliteProjectionStore(join(dir, 'sliced.db'));
  const reads: unknown[] = [];
  const readAllPages = log.readAllPages!.bind(log);
  const counted = { ...log, readAllPages: (o: Parameters<typeof readAllPages>[0]) => (reads.push(o), readAllPages(o)) } as typeof log;
  const progress: number[] = [];
  const a = await catchUp(log, whole.store, allProjections);
  const b = await catchUp(counted, sliced, allProjections, { onePerPassMinEvents: 1000, onProgress: (done, total) => progress.push(done / total) });
  assert.is(reads.length, allProjections.length, 'one pass over the log per read model');
  assert.is(b.position, a.position);
  assert.is(b.applied, events, 'the pass reading every event counts them all');
  assert.ok(progress.every((f, i) => i === 0 || f >= progress[i - 1]!), 'progress only goes forward across passes');
  assert.is(progress[progress.length - 1], 1);
  for (const p of allProjections) {
    assert.equal(sliced.checkpoint(p.name), whole.store.checkpoint(p.name), `${p.name}: checkpoint`);
    assert.equal(sliced.dump(p.name), whole.store.dump(p.name), `${p.name}: documents`);
  }
  whole.store.close();
  sliced.close();
  await log.close();
});

test('a log that cannot count its events: a pass over every read model that reaches the bound is given up and they are folded one per pass', async ({ dir }) => {
  const sqlite = createSqliteEventStore({ path: join(dir, 'swarm.db'), synchronous: 'NORMAL' });
  const events = await appendHistory(sqlite, swarmHistory(6000));
  const whole = counting(createSqliteProjectionStore(join(dir, 'whole.db')));
  const sliced = counting(createSqliteProjectionStore(join(dir, 'sliced.db')));
  const reads: unknown[] = [];
  let eventByEvent = 0;
  const readAllPages = sqlite.readAllPages!.bind(sqlite);
  const readAll = sqlite.readAll.bind(sqlite);
  // As EventStoreDB: no event count, so the read models start in one pass.
  const log = {
    ...sqlite,
    eventCount: async () => undefined,
    readAllPages: (o: Parameters<typeof readAllPages>[0]) => (reads.push(o), readAllPages(o)),
    readAll: (o: Parameters<typeof readAll>[0]) => (eventByEvent++, readAll(o)),
  } as typeof sqlite;
  // Over the bound at the first look (after the first page), under it from then on.
  let looks = 0;
  const memoryUsage = () => (looks++ === 0 ? { rss: 2 ** 40, heapUsed: 2 ** 40 } : { rss: 0, heapUsed: 0 });
  const progress: number[] = [];
  const a = await catchUp(sqlite, whole.store, allProjections);
  const b = await catchUp(log, sliced.store, allProjections, { memoryUsage, onProgress: (done, total) => progress.push(done / total) });
  assert.is(reads.length, 1 + allProjections.length, 'the pass given up, then one pass per read model');
  assert.is(eventByEvent, 0, 'nothing folded in batches');
  assert.is(sliced.writes(), whole.writes(), 'the pass given up wrote nothing; each read model written once');
  assert.is(b.position, a.position);
  assert.is(b.applied, events);
  assert.ok(progress.every((f, i) => i === 0 || f >= progress[i - 1]!), 'progress only goes forward, the pass given up included');
  assert.is(progress[progress.length - 1], 1);
  for (const p of allProjections) {
    assert.equal(sliced.store.checkpoint(p.name), whole.store.checkpoint(p.name), `${p.name}: checkpoint`);
    assert.equal(sliced.store.dump(p.name), whole.store.dump(p.name), `${p.name}: documents`);
  }
  whole.store.close();
  sliced.store.close();
  await sqlite.close();
});

test('a log read one event per page (no readAllPages) has its memory measured once per thousand events, not per event', async ({ dir }) => {
  const sqlite = createSqliteEventStore({ path: join(dir, 'swarm.db'), synchronous: 'NORMAL' });
  const events = await appendHistory(sqlite, swarmHistory(3000));
  // A log with no event count and no pages (an adapter without readAllPages): the fold is handed one event at a time.
  const log = { ...sqlite, eventCount: async () => undefined, readAllPages: undefined } as typeof sqlite;
  let looks = 0;
  const memoryUsage = () => (looks++, { rss: 0, heapUsed: 0 });
  const store = createSqliteProjectionStore(join(dir, 'one-by-one.db'));
  const result = await catchUp(log, store, allProjections, { memoryUsage });
  assert.is(result.applied, events);
  assert.ok(events > 3000, `${events} events`);
  assert.ok(looks >= 1 && looks <= Math.ceil(events / 1000), `${looks} looks at memory over ${events} events`);
  store.close();
  await sqlite.close();
});

test.run();
