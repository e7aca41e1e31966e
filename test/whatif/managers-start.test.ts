// Where a what-if fork's process managers start reading: not at the start of a long log, but at the earliest event
// before the fork point whose follow-up the live log recorded after it (processes/whatif/run-fork.ts).
import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventData } from '../../domain/log/envelope.js';
import { causationProjection } from '../../projections/causation/causation-projection.js';
import type { CausationIndex } from '../../projections/causation/queries.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { managersStartAt } from '../../processes/whatif/run-fork.js';
import { testOnEachStore } from '../fixtures/store-cases.js';
import type { TestRuntime } from '../fixtures/test-runtime.js';

/** An agent event caused by `cause` (an event id, or a chain's id for the first event of a chain). */
const statusChange = (rt: TestRuntime, cause: string, status = 'working'): EventData => ({
  id: rt.newEventId(),
  type: 'AgentStatusChanged',
  data: { status },
  metadata: { correlationId: 'chain', causationId: cause, actor: { kind: 'system', id: 'pipeline' }, at: '2026-12-05T00:00:00.000Z', schemaVersion: 1 },
});

/** Appends one event; returns its id and position. */
const append = async (rt: TestRuntime, e: EventData): Promise<{ id: string; position: number }> => {
  const done = await rt.log.append('agent-builder', [e]);
  if (isLeft(done)) throw new Error(done.left.message);
  return { id: e.id, position: done.right.position };
};

/** A history of `n` events, each followed at once by its follow-up (caused by it), all before the fork point. */
const answeredHistory = async (rt: TestRuntime, n: number) => {
  let first: number | undefined;
  for (let i = 0; i < n; i++) {
    const cause = await append(rt, statusChange(rt, 'chain'));
    first ??= cause.position;
    await append(rt, statusChange(rt, cause.id, 'idle'));
  }
  return first!;
};

const indexOf = async (rt: TestRuntime): Promise<CausationIndex> => {
  await catchUp(rt.log, rt.projections, [causationProjection]);
  return { docs: await freshReader(rt.log, rt.projections, causationProjection), log: rt.log };
};

testOnEachStore('a cause before the fork point answered after it: the managers start at that cause, not at the start of the log', async (rt) => {
  await answeredHistory(rt, 200);
  const late = await append(rt, statusChange(rt, 'chain'));
  await answeredHistory(rt, 20);
  const forkPoint = await append(rt, statusChange(rt, 'chain'));
  // After the fork point: the late cause's follow-up, and events caused by events after the fork point.
  const afterFork = await append(rt, statusChange(rt, forkPoint.id));
  await append(rt, statusChange(rt, late.id, 'idle'));
  await append(rt, statusChange(rt, afterFork.id, 'idle'));
  assert.is(await managersStartAt(rt.log, await indexOf(rt), forkPoint.position), late.position);
});

testOnEachStore('every cause before the fork point answered before it: the managers start at the fork’s own events', async (rt) => {
  await answeredHistory(rt, 50);
  const forkPoint = await append(rt, statusChange(rt, 'chain'));
  const afterFork = await append(rt, statusChange(rt, forkPoint.id));
  await append(rt, statusChange(rt, afterFork.id, 'idle'));
  assert.is(await managersStartAt(rt.log, await indexOf(rt), forkPoint.position), undefined);
});

testOnEachStore('of several late answers the earliest cause counts; answers past the window after the fork point are not looked for', async (rt) => {
  const first = await answeredHistory(rt, 5);
  const older = await append(rt, statusChange(rt, 'chain'));
  const newer = await append(rt, statusChange(rt, 'chain'));
  const forkPoint = await append(rt, statusChange(rt, 'chain'));
  await append(rt, statusChange(rt, newer.id, 'idle'));
  for (let i = 0; i < 10; i++) await append(rt, statusChange(rt, forkPoint.id));
  await append(rt, statusChange(rt, older.id, 'idle'));
  const index = await indexOf(rt);
  assert.is(await managersStartAt(rt.log, index, forkPoint.position), older.position);
  assert.is(await managersStartAt(rt.log, index, forkPoint.position, 5), newer.position);
  assert.ok(first < older.position);
});

test.run();
