'use strict';
// The read models' fold worker thread (dist/cmd/rebuild-worker.cjs, see infra/projections/parallel-catch-up.ts),
// started by `swarm up` before its own bundle loads: a new host's first start folds on two threads, and the worker's
// start (a Node thread, its bundle) then overlaps the main thread's instead of following it. It waits for its work; a
// start with nothing to fold stops it.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const key = Symbol.for('swarmlog.earlyFoldWorker');

/** The script a fold worker starts from (eval): its bundle compiled from the code cache, as `swarm up` itself. */
const foldWorkerScript = (dist) => {
  const bundle = join(dist, 'cmd', 'rebuild-worker.cjs');
  const codeCache = join(__dirname, 'code-cache.cjs');
  if (!existsSync(bundle)) return undefined;
  const saveKey = "Symbol.for('swarmlog.saveCodeCache')";
  return `globalThis[${saveKey}] = require(${JSON.stringify(codeCache)}).installCodeCache(${JSON.stringify(join(dist, 'code-cache'))}).save;\nrequire(${JSON.stringify(bundle)});`;
};

module.exports.foldWorkerScript = foldWorkerScript;

module.exports.startFoldWorkerEarly = (dist) => {
  const script = foldWorkerScript(dist);
  if (!script) return;
  const { Worker } = require('node:worker_threads');
  const worker = new Worker(script, { eval: true, workerData: { waitForWork: true } });
  const started = { worker, failed: false };
  // A worker that fails before it is given work is not used (the fold starts one of its own).
  worker.on('error', () => (started.failed = true));
  worker.once('exit', () => (started.failed = true));
  worker.unref();
  globalThis[key] = started;
};
