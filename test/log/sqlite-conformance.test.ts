import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '../../infra/log/sqlite/sqlite-event-store.js';
import { runEventStoreConformance } from '../conformance/event-store.conformance.js';

runEventStoreConformance('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-conformance-'));
  const path = join(dir, 'swarm.db');
  return {
    storeUrl: `sqlite:${path}`,
    open: async () => createSqliteEventStore({ path }),
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
