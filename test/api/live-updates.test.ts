import { test } from 'uvu';
import * as assert from 'uvu/assert';
import WebSocket from 'ws';
import { createTask } from '../../processes/commands/task-commands.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { agent } from '../fixtures/test-runtime.js';
import { must, startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';

const messages = (socket: WebSocket) => {
  const received: any[] = [];
  const waiters: (() => void)[] = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)));
    for (const w of waiters.splice(0)) w();
  });
  return {
    received,
    next: async (match: (m: any) => boolean, ms = 5000): Promise<any> => {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = received.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching message in ${ms} ms; got ${JSON.stringify(received)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
  };
};

for (const store of storeCases) {
  test(`the WebSocket says hello, then pushes a change (types and stream categories) when an event lands (${store.name})`, async () => {
    const api = await startApi({}, store);
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/ws`);
    try {
      const inbox = messages(socket);
      const hello = await inbox.next((m) => m.type === 'hello');
      assert.equal(hello, { type: 'hello', position: 0, simulated: true, driver: 'sim', unsandboxed: false });
      await api.post('/api/chat', { message: 'anyone there?' });
      const changed = await inbox.next((m) => m.type === 'changed' && m.eventTypes.includes('TaskCreated'));
      assert.ok(changed.streams.includes('task'), JSON.stringify(changed));
      assert.ok(inbox.received.some((m) => m.type === 'changed' && m.streams.includes('discussion')));
      assert.is(changed.position, await api.rt.log.headPosition());
    } finally {
      socket.close();
      await api.close();
    }
  });

  test(`an append by another process is pushed too, after the read models have caught up with it (${store.name})`, async () => {
    const api = await startApi({}, store);
    const socket = new WebSocket(`${api.url.replace('http', 'ws')}/ws`);
    // Another connection to the same files: what a CLI call or an agent run does.
    const other = store.anotherClient(api.rt);
    const otherProjections = createSqliteProjectionStore(`${api.rt.dir}/swarm.db.projections.db`);
    try {
      const inbox = messages(socket);
      await inbox.next((m) => m.type === 'hello');
      const { taskId } = must(await createTask({ ...api.rt, log: other, projections: otherProjections }, agent('pm'), { type: 'research', payload: { title: 'live' } }));
      const changed = await inbox.next((m) => m.type === 'changed' && m.eventTypes.includes('TaskCreated'));
      assert.equal(changed.streams, ['task']);
      const tasks = (await api.get('/api/tasks')).body.tasks;
      assert.equal(tasks.map((t: any) => t.id), [taskId]);
    } finally {
      socket.close();
      otherProjections.close();
      await other.close();
      await api.close();
    }
  });
}

test.run();
