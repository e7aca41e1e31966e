import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { ProcessManager } from '../../processes/engine/process-manager.js';
import { runProcessManagers } from '../../processes/engine/run-process-managers.js';
import { storeCases } from '../fixtures/store-cases.js';

for (const store of storeCases) {
  test(`a follow-up that fails is retried from the checkpoint instead of stopping the manager for good (${store.name})`, async () => {
    const rt = await store.runtime();
    try {
      const meta = { correlationId: 'c', causationId: 'c', actor: { kind: 'system' as const, id: 't' }, at: rt.now(), schemaVersion: 1 };
      const appended = await rt.log.append('thing-1', [{ id: rt.newEventId(), type: 'ThingHappened', data: {}, metadata: meta }]);
      if (isLeft(appended)) throw new Error(JSON.stringify(appended.left));
      let calls = 0;
      const flaky: ProcessManager = {
        name: 'flaky',
        eventTypes: ['ThingHappened'],
        react: () => [
          {
            purpose: 'try',
            execute: async () => {
              calls++;
              if (calls === 1) throw new Error('the store was busy');
            },
          },
        ],
      };
      const errors: string[] = [];
      const running = runProcessManagers(rt, [flaky], { log: { error: (_f, m) => void errors.push(m) } });
      const deadline = Date.now() + 5000;
      while ((await rt.log.checkpoints.load('pm-flaky')) === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await running.close();
      assert.is(calls, 2, 'the event was delivered again after the failure');
      // The event's own position (1 on SQLite, a byte offset on EventStoreDB), never a number counted above the log.
      assert.is(await rt.log.checkpoints.load('pm-flaky'), appended.right.position);
      assert.ok(errors.some((m) => m.includes('retrying')), errors.join('; '));
    } finally {
      await rt.dispose();
    }
  });
  test(`closing the managers waits for the follow-up in hand, and a failure it causes is not retried or reported (${store.name})`, async () => {
    const rt = await store.runtime();
    try {
      const meta = { correlationId: 'c', causationId: 'c', actor: { kind: 'system' as const, id: 't' }, at: rt.now(), schemaVersion: 1 };
      const appended = await rt.log.append('thing-1', [{ id: rt.newEventId(), type: 'ThingHappened', data: {}, metadata: meta }]);
      if (isLeft(appended)) throw new Error(JSON.stringify(appended.left));
      let entered!: () => void;
      const inHand = new Promise<void>((r) => (entered = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let calls = 0;
      let finished = false;
      // As a follow-up that uses the runtime the caller closes once the managers are closed: it fails if it runs on.
      const slow: ProcessManager = {
        name: 'slow',
        eventTypes: ['ThingHappened'],
        react: () => [
          {
            purpose: 'wait',
            execute: async () => {
              calls++;
              entered();
              await released;
              finished = true;
              throw new Error('the database connection is not open');
            },
          },
        ],
      };
      const errors: string[] = [];
      const running = runProcessManagers(rt, [slow], { log: { error: (_f, m) => void errors.push(m) } });
      await inHand;
      let closed = false;
      const closing = running.close().then(() => (closed = true));
      await new Promise((r) => setTimeout(r, 100));
      assert.is(closed, false, 'close waits while a follow-up is in hand');
      release();
      await closing;
      assert.ok(finished, 'the follow-up in hand ran to its end before close resolved');
      assert.is(calls, 1, 'not retried after close');
      assert.equal(errors, [], 'nothing reported');
      assert.is(await rt.log.checkpoints.load('pm-slow'), undefined, 'the event is left to the next start');
    } finally {
      await rt.dispose();
    }
  });

  test(`closing the managers does not wait for ever on a follow-up that does not end (${store.name})`, async () => {
    const rt = await store.runtime();
    try {
      const meta = { correlationId: 'c', causationId: 'c', actor: { kind: 'system' as const, id: 't' }, at: rt.now(), schemaVersion: 1 };
      const appended = await rt.log.append('thing-1', [{ id: rt.newEventId(), type: 'ThingHappened', data: {}, metadata: meta }]);
      if (isLeft(appended)) throw new Error(JSON.stringify(appended.left));
      let entered!: () => void;
      const inHand = new Promise<void>((r) => (entered = r));
      // As a post to an unreachable Slack, retried until something outside stops it.
      const stuck: ProcessManager = { name: 'stuck', eventTypes: ['ThingHappened'], react: () => [{ purpose: 'hang', execute: () => (entered(), new Promise<void>(() => undefined)) }] };
      const running = runProcessManagers(rt, [stuck], { closeGraceMs: 300 });
      await inHand;
      const started = Date.now();
      await running.close();
      assert.ok(Date.now() - started < 5000, `close returned after ${Date.now() - started} ms`);
    } finally {
      await rt.dispose();
    }
  });
}

test.run();
