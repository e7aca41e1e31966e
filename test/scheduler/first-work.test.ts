import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { createTask } from '../../processes/commands/task-commands.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { defaultJobs } from '../../processes/scheduler/scheduled-jobs.js';
import { startScheduler } from '../../processes/scheduler/scheduler.js';
import { createTestRuntime, type TestRuntime } from '../fixtures/test-runtime.js';

/** Issue K point 1: on a log with no work yet, the scheduler fires the first Hunter scan at start, once. */
const hunterOnly = defaultJobs.filter((j) => j.name === 'hunter_scan');
const events = async (runtime: SwarmRuntime, type: string): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const e of runtime.log.readAll({ filter: { eventTypes: [type] } })) out.push(e);
  return out;
};
const until = async (what: string, probe: () => Promise<boolean>) => {
  for (let i = 0; i < 100; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

const withRuntime = (name: string, body: (rt: TestRuntime) => Promise<void>) =>
  test(name, async () => {
    const rt = createTestRuntime();
    try {
      await body(rt);
    } finally {
      await rt.dispose();
    }
  });

withRuntime('an empty log: hunter_scan fires at start for its current slot, even past its grace window, and its task is made', async (rt) => {
  rt.setNow('2026-03-02T10:41:00.000Z'); // 4 h 41 min after the 06:00 slot; the grace window is 1 h
  const scheduler = startScheduler(rt, hunterOnly, { maxSleepMs: 100, startWorkWith: 'hunter_scan' });
  try {
    const first = await scheduler.firstWork;
    assert.equal(first, { kind: 'fired', firing: { job: 'hunter_scan', slot: '2026-03-02T06:00:00.000Z', outcome: 'fired' } });
    await until('the scan task', async () => (await events(rt, 'TaskCreated')).length === 1);
    const [task] = await events(rt, 'TaskCreated');
    assert.is((task!.data as { type: string }).type, 'scan_platform');
    assert.equal(task!.metadata.actor, { kind: 'system', id: 'scheduler' });
  } finally {
    await scheduler.stop();
  }
  assert.is((await events(rt, 'JobFired')).length, 1, 'the regular tick saw the slot as fired');
});

withRuntime('two schedulers starting on one empty log fire the first scan once between them', async (rt) => {
  rt.setNow('2026-03-02T10:41:00.000Z');
  const a = startScheduler(rt, hunterOnly, { maxSleepMs: 100, startWorkWith: 'hunter_scan' });
  const b = startScheduler(rt, hunterOnly, { maxSleepMs: 100, startWorkWith: 'hunter_scan' });
  try {
    const outcomes = (await Promise.all([a.firstWork, b.firstWork])).map((w) => (w?.kind === 'fired' ? w.firing.outcome : w?.kind)).sort();
    // One fires; the other raced on the slot (already_fired) or looked after the winner's task existed (not_needed).
    assert.is(outcomes.filter((o) => o === 'fired').length, 1, String(outcomes));
    assert.ok(outcomes.every((o) => o === 'fired' || o === 'already_fired' || o === 'not_needed'), String(outcomes));
    await until('the scan task', async () => (await events(rt, 'TaskCreated')).length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.is((await events(rt, 'TaskCreated')).length, 1);
  } finally {
    await a.stop();
    await b.stop();
  }
  assert.is((await events(rt, 'JobFired')).length, 1);
});

withRuntime('a log with work: nothing fires early; a hunter_scan that is off is not fired either', async (rt) => {
  rt.setNow('2026-03-02T10:41:00.000Z');
  const created = await createTask(rt, { actor: { kind: 'human', id: 'ann' } }, { type: 'research', payload: { title: 'Niche: invoice templates' } });
  assert.not.ok(isLeft(created));
  const busy = startScheduler(rt, hunterOnly, { maxSleepMs: 100, startWorkWith: 'hunter_scan' });
  assert.equal(await busy.firstWork, { kind: 'not_needed', reason: 'the log has work already' });
  await busy.stop();
  const off = startScheduler(rt, [{ ...hunterOnly[0]!, enabled: false }], { maxSleepMs: 100, startWorkWith: 'hunter_scan' });
  assert.equal(await off.firstWork, { kind: 'not_needed', reason: 'hunter_scan is off' });
  await off.stop();
  assert.is((await events(rt, 'JobFired')).length, 0);
});

test.run();
