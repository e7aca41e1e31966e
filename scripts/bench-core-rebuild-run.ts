// One timed rebuild for `npm run bench:core` (bundled into dist/bench/ first), in a process of its own as `swarm
// rebuild` runs: every read model folded from position 0 into a fresh projection store (the path given, replaced),
// as `catchUpInParallel` does it.
// Prints one JSON line: {"seconds":N,"applied":N}.
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore, projectionFiles } from '../infra/projections/sqlite-projection-store.js';
import { catchUpInParallel } from '../infra/projections/parallel-catch-up.js';
import { allProjections } from '../projections/all-projections.js';

const [logPath, rebuiltPath] = process.argv.slice(2);
if (!logPath || !rebuiltPath) throw new Error('usage: bench-core-rebuild-run.ts LOG_PATH REBUILT_PATH');
for (const file of projectionFiles(rebuiltPath)) for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
const log = createSqliteEventStore({ path: logPath, synchronous: 'NORMAL' });
const rebuilt = createSqliteProjectionStore(rebuiltPath);
const started = performance.now();
const { applied } = await catchUpInParallel({ storeUrl: `sqlite:${logPath}?synchronous=normal`, projectionPath: rebuiltPath }, log, rebuilt, allProjections);
const seconds = (performance.now() - started) / 1000;
rebuilt.close();
await log.close();
console.log(JSON.stringify({ seconds, applied }));
