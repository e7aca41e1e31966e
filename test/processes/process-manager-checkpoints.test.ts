import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProcessManager } from '../../processes/engine/process-manager.js';
import { runProcessManagers, SAVE_EVERY_EVENTS } from '../../processes/engine/run-process-managers.js';
import { sqliteCase, storeCases } from '../fixtures/store-cases.js';

// When a process manager saves its checkpoint (processes/engine/run-process-managers.ts): at once after an event with
// follow-ups, on reaching the log's head, when it stops, and otherwise once per SAVE_EVERY_EVENTS events; and that a
// manager working through a backlog lets the event loop turn (processes/engine/event-loop-turns.ts).

const until = async (done: () => Promise<boolean>, what: string) => {
  for (const deadline = Date.now() + 10_000; !(await done()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

for (const store of storeCases) {
  test(`checkpoints are saved after follow-ups, at the head and in groups, not after every event (${store.name})`, async () => {
    const rt = await store.runtime();
    try {
      const meta = { correlationId: 'c', causationId: 'c', actor: { kind: 'system' as const, id: 't' }, at: rt.now(), schemaVersion: 1 };
      const total = 2 * SAVE_EVERY_EVENTS + 50;
      const positions: number[] = [];
      for (let i = 0; i < total; i++) {
        const appended = await rt.log.append(`thing-${i}`, [{ id: rt.newEventId(), type: 'ThingHappened', data: { i }, metadata: meta }]);
        if (isLeft(appended)) throw new Error(JSON.stringify(appended.left));
        positions.push(appended.right.position);
      }
      // One event in the middle has a follow-up.
      const acting = 120;
      let followed = 0;
      const handled = new Set<number>();
      const manager: ProcessManager = {
        name: 'counting',
        eventTypes: ['ThingHappened'],
        react: (e) => {
          handled.add(e.position);
          return (e.data as { i: number }).i === acting ? [{ purpose: 'note', execute: async () => void followed++ }] : [];
        },
      };
      const saves: number[] = [];
      const checkpoints = rt.log.checkpoints as { save: (name: string, position: number) => Promise<void> };
      const save = checkpoints.save.bind(checkpoints);
      checkpoints.save = async (name, position) => {
        if (name === 'pm-counting') saves.push(position);
        await save(name, position);
      };
      const running = runProcessManagers(rt, [manager]);
      await until(async () => (await rt.log.checkpoints.load('pm-counting')) === positions[total - 1], 'the checkpoint at the head');
      assert.is(followed, 1);
      assert.ok(saves.includes(positions[acting]!), 'saved right after the event with a follow-up');
      assert.ok(saves.includes(positions[SAVE_EVERY_EVENTS - 1]!), `saved after ${SAVE_EVERY_EVENTS} events without follow-ups`);
      assert.ok(saves.length <= 5, `saved ${saves.length} times for ${total} events: ${saves.join(', ')}`);

      // Live events without follow-ups: saved when the manager stops, so the next start does not see them again.
      const more = await rt.log.append('thing-live', [{ id: rt.newEventId(), type: 'ThingHappened', data: { i: -1 }, metadata: meta }]);
      if (isLeft(more)) throw new Error(JSON.stringify(more.left));
      const savedBefore = saves.length;
      await until(async () => handled.has(more.right.position), 'the live event handled');
      await running.close();
      assert.is(await rt.log.checkpoints.load('pm-counting'), more.right.position);
      assert.ok(saves.length > savedBefore);
    } finally {
      await rt.dispose();
    }
  });
}

// The embedded log's subscription hands a page of events on through promises alone: without turns, a timer (or a
// request to the dashboard) would wait for the whole backlog.
test('a manager working through a backlog lets timers and requests in meanwhile (sqlite)', async () => {
  const rt = await sqliteCase.runtime();
  try {
    const meta = { correlationId: 'c', causationId: 'c', actor: { kind: 'system' as const, id: 't' }, at: rt.now(), schemaVersion: 1 };
    const total = 200;
    const appended = await rt.log.append('things', Array.from({ length: total }, (_, i) => ({ id: rt.newEventId(), type: 'ThingHappened', data: { i }, metadata: meta })));
    if (isLeft(appended)) throw new Error(JSON.stringify(appended.left));
    let handled = 0;
    const busy: ProcessManager = {
      name: 'busy',
      eventTypes: ['ThingHappened'],
      react: () => {
        // 2 ms of work per event: 0.4 s for the backlog.
        for (const until = performance.now() + 2; performance.now() < until; );
        handled++;
        return [];
      },
    };
    const running = runProcessManagers(rt, [busy]);
    const handledWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(handled), 1));
    await until(async () => handled === total, 'the backlog handled');
    await running.close();
    assert.ok(handledWhenTimerFired < total / 2, `the timer fired after ${handledWhenTimerFired} of ${total} events`);
  } finally {
    await rt.dispose();
  }
});

test.run();
