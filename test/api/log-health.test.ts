// What the API says while the log is away (issue M point 5): `/health` says since when without asking the log for
// its head, and `/api/status` answers from the read models as they were last caught up, with `log` saying why.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTask } from '../../processes/commands/task-commands.js';
import { reachableLog, type LogHealth } from '../../processes/health/log-health.js';
import { human } from '../fixtures/test-runtime.js';
import { must, startApi } from './api-harness.js';
import { storeCases } from '../fixtures/store-cases.js';

for (const store of storeCases) {
  test(`while the log is away /health and /api/status say since when, from the read models as last caught up (${store.name})`, async () => {
    let health: LogHealth = reachableLog;
    const api = await startApi({ logHealth: () => health }, store);
    try {
      must(await createTask(api.rt, human(), { type: 'research', to: 'hunter', payload: { title: 'a niche' } }));
      const before = await api.get('/api/status');
      assert.equal(before.body.log, { reachable: true, unreachableSince: null });
      assert.is(before.body.queue.total, 1);
      assert.is((await api.get('/health')).body.status, 'ok');

      health = { reachable: false, unreachableSince: '2026-12-04T10:00:00.000Z', error: 'UNAVAILABLE' };
      // The log itself refuses every read now: an answer proves neither route asked it.
      const { log } = api.rt;
      const away = () => Promise.reject(new Error('the log is away'));
      const refusing = () => ({ [Symbol.asyncIterator]: () => ({ next: away }) });
      Object.assign(log, { headPosition: away, readAll: refusing, readAllPages: refusing });
      assert.is(await log.headPosition().then(() => 'answered', () => 'refused'), 'refused');
      const down = await api.get('/health');
      assert.is(down.status, 200);
      assert.equal(down.body, { status: 'log_unreachable', position: null, log: health, simulated: true, driver: 'sim', unsandboxed: false });
      const status = await api.get('/api/status');
      assert.is(status.status, 200, JSON.stringify(status.body));
      assert.equal(status.body.log, health);
      assert.is(status.body.position, null);
      assert.is(status.body.queue.total, 1, 'the read models as last caught up');
    } finally {
      await api.close();
    }
  });
}

test.run();
