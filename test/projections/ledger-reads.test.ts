import Database from 'better-sqlite3';
import { isRight, type Either } from 'fp-ts/lib/Either.js';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DomainError } from '../../domain/errors.js';
import type { EventData, RecordedEvent } from '../../domain/log/envelope.js';
import type { EventFilter, EventStore, ReadAllOptions } from '../../domain/log/event-store.js';
import { newEventId } from '../../infra/log/event-ids.js';
import { filterSql } from '../../infra/log/sqlite/sqlite-filter.js';
import { recordIncome, refundIncome } from '../../processes/commands/income-commands.js';
import { finishRun, startRun } from '../../processes/commands/run-commands.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { auditLedger, ledgerEventTypes } from '../../projections/ledger/ledger-audit.js';
import { ledgerProjection } from '../../projections/ledger/ledger-projection.js';
import { incomeEntries } from '../../projections/ledger/queries.js';
import { agent, createTestRuntime, human, system, type TestRuntime } from '../fixtures/test-runtime.js';

const test = suite<{ rt: TestRuntime }>('ledger reads that scale: the audit and the income list');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
  ctx.rt.setNow('2026-11-24T10:00:00.000Z');
});
test.after.each(({ rt }) => rt.dispose());

const ok = <A>(e: Either<DomainError, A>): A => {
  if (!isRight(e)) throw new Error(`refused: ${e.left.code} ${e.left.message}`);
  return e.right;
};

/** Counts what passes through the log port: events handed out by each read, and the filters asked for. */
const counting = (log: EventStore) => {
  const seen = { events: 0, byType: new Map<string, number>(), reads: [] as (EventFilter | undefined)[] };
  const note = (e: RecordedEvent) => {
    seen.events += 1;
    seen.byType.set(e.type, (seen.byType.get(e.type) ?? 0) + 1);
  };
  const wrapped: EventStore = {
    ...log,
    checkpoints: log.checkpoints,
    append: (...a) => log.append(...a),
    headPosition: () => log.headPosition(),
    subscribeToAll: (o) => log.subscribeToAll(o),
    subscribeToStream: (s, o) => log.subscribeToStream(s, o),
    close: () => log.close(),
    readStream: async (stream, options) => {
      const read = await log.readStream(stream, options);
      if (isRight(read)) read.right.forEach(note);
      return read;
    },
    readAll: (options?: ReadAllOptions) => {
      seen.reads.push(options?.filter);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const e of log.readAll(options)) {
            note(e);
            yield e;
          }
        },
      };
    },
    readAllPages: (options?: ReadAllOptions) => {
      seen.reads.push(options?.filter);
      return {
        async *[Symbol.asyncIterator]() {
          for await (const page of log.readAllPages!(options)) {
            page.forEach(note);
            yield page;
          }
        },
      };
    },
  };
  return { log: wrapped, seen, reset: () => ((seen.events = 0), seen.byType.clear(), (seen.reads.length = 0)) };
};

const meta = { correlationId: 'c', causationId: 'c', actor: { kind: 'system', id: 'noise' }, at: '2026-11-24T10:00:00.000Z', schemaVersion: 1 };

/** Thousands of events the ledger has nothing to do with, in batches. */
const noise = async (rt: TestRuntime, batches: number) => {
  for (let b = 0; b < batches; b++) {
    const events = Array.from({ length: 500 }, (_, i) => ({
      id: newEventId(),
      type: i % 2 ? 'PostAdded' : 'TaskCreated',
      data: { n: b * 500 + i, text: 'something the ledger does not read' },
      metadata: meta,
    })) as unknown as EventData[];
    const appended = await rt.log.append(`noise-${b}`, events);
    assert.ok(isRight(appended));
  }
};

/** Three sales, a refund and one run's tokens, with noise before, between and after. */
const books = async (rt: TestRuntime) => {
  await noise(rt, 4);
  ok(await recordIncome(rt, agent('publisher'), { source: 'gumroad', product: 'Tiny Tool', amount: '12.34', currency: 'USD', externalId: 'g-1', occurredAt: '2026-11-22T09:00:00Z' }));
  ok(await recordIncome(rt, agent('publisher'), { source: 'gumroad', product: 'Tiny Tool', amount: '7.66', currency: 'USD', externalId: 'g-2', occurredAt: '2026-11-24T09:00:00Z' }));
  await noise(rt, 4);
  ok(await startRun(rt, system('dispatcher'), { runId: 'r-1', agent: 'builder', driver: 'sim', model: 'opus', promptHash: 'h', promptPath: 'p', logPath: 'l' }));
  ok(await finishRun(rt, system('dispatcher'), { runId: 'r-1', exitCode: 0, durationMs: 1, inputTokens: 1500, outputTokens: 500, costUsd: 0.5, outcome: 'completed' }));
  rt.setNow('2026-11-25T12:00:00.000Z');
  ok(await refundIncome(rt, human(), { source: 'gumroad', externalId: 'g-2', amount: '2.66', reason: 'partial refund', refundId: 'rf-1' }));
  ok(await recordIncome(rt, agent('publisher'), { source: 'stripe', product: 'Prompt Pack', amount: '5.00', currency: 'EUR', externalId: 's-1', occurredAt: '2026-11-25T09:00:00Z' }));
  await noise(rt, 4);
};

test('the audit reads the ledger’s own events, one event type per read, and none of the thousands of others', async ({ rt }) => {
  await books(rt);
  const head = await rt.log.headPosition();
  assert.ok(head > 6000);
  const { log, seen, reset } = counting(rt.log);
  // The first audit folds the ledger projection from the start; what matters is every audit after it.
  assert.ok((await auditLedger(log, rt.projections)).ok);
  reset();
  const audit = await auditLedger(log, rt.projections);
  assert.equal([audit.ok, audit.sales, audit.refunds, audit.differences], [true, 3, 1, []]);
  assert.equal(Object.fromEntries(seen.byType), { IncomeRecorded: 3, IncomeRefunded: 1, TokensUsed: 1 });
  assert.is(seen.events, 5, `read ${seen.events} events of a log of ${head}`);
  // Every read of the audit asks for one event type, which the embedded log serves from its type index.
  const recomputing = seen.reads.filter((f) => f && 'eventTypes' in f && f.eventTypes.length === 1);
  assert.equal(recomputing.map((f) => (f as { eventTypes: string[] }).eventTypes[0]), [...ledgerEventTypes]);
});

test('in the embedded log, a read of one event type is a range of the type index, not a scan of the log', ({ rt }) => {
  const db = new Database(join(rt.dir, 'swarm.db'), { readonly: true });
  try {
    const plan = (filter: EventFilter, direction: 'forwards' | 'backwards') => {
      const f = filterSql(filter);
      const sql =
        direction === 'forwards'
          ? `EXPLAIN QUERY PLAN SELECT * FROM events WHERE position > ? AND position <= ? AND ${f.sql} ORDER BY position ASC LIMIT ?`
          : `EXPLAIN QUERY PLAN SELECT * FROM events WHERE position < ? AND ${f.sql} ORDER BY position DESC LIMIT ?`;
      const args = direction === 'forwards' ? [0, 100, ...f.params, 10] : [100, ...f.params, 10];
      return (db.prepare(sql).all(...args) as { detail: string }[]).map((r) => r.detail).join('; ');
    };
    for (const type of ledgerEventTypes)
      for (const direction of ['forwards', 'backwards'] as const) {
        const detail = plan({ eventTypes: [type] }, direction);
        assert.match(detail, /USING INDEX events_by_type \(type=\?/, detail);
        assert.not.match(detail, /TEMP B-TREE/, detail);
      }
    // Several types keep the position order of the log (no sort of every match after the cursor on each page).
    assert.not.match(plan({ eventTypes: ['IncomeRecorded', 'IncomeRefunded'] }, 'forwards'), /TEMP B-TREE/);
  } finally {
    db.close();
  }
});

test('the income list reads the ledger’s lines, newest first, in its window, and nothing from the log once caught up', async ({ rt }) => {
  await books(rt);
  const { log, seen, reset } = counting(rt.log);
  await freshReader(log, rt.projections, ledgerProjection);
  reset();
  const reader = await freshReader(log, rt.projections, ledgerProjection);
  assert.is(seen.events, 0);
  const all = incomeEntries(reader, '2026-11-01T00:00:00.000Z', 1000);
  assert.equal(
    all.map((e) => [e.kind, e.stream, e.amount_minor]),
    [
      ['sale', 'sale-stripe-s-1', 500],
      ['refund', 'sale-gumroad-g-2', -266],
      ['sale', 'sale-gumroad-g-2', 766],
      ['sale', 'sale-gumroad-g-1', 1234],
    ],
  );
  assert.equal(all[0], {
    kind: 'sale', source: 'stripe', product: 'Prompt Pack', amount: '5.00', amount_minor: 500, currency: 'EUR', external_id: 's-1',
    occurred_at: '2026-11-25T09:00:00.000Z', recorded_at: '2026-11-25T12:00:00.000Z', stream: 'sale-stripe-s-1',
  });
  assert.equal(all[1], { kind: 'refund', sale: 'gumroad-g-2', amount_minor: -266, reason: 'partial refund', occurred_at: '2026-11-25T12:00:00.000Z', recorded_at: '2026-11-25T12:00:00.000Z', stream: 'sale-gumroad-g-2' });
  // A sale counts from when it occurred: g-1 (occurred on the 22nd, recorded on the 24th) is outside a window from the 23rd.
  assert.equal(incomeEntries(reader, '2026-11-23T00:00:00.000Z', 1000).map((e) => e.stream), ['sale-stripe-s-1', 'sale-gumroad-g-2', 'sale-gumroad-g-2']);
  assert.equal(incomeEntries(reader, '2026-11-25T00:00:00.000Z', 1000).map((e) => e.kind), ['sale', 'refund']);
  assert.equal(incomeEntries(reader, '2026-11-01T00:00:00.000Z', 2).length, 2);
});

test.run();
