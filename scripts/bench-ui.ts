// `npm run bench:ui`: how fast the dashboard shows what lands in the log, in real Chromium against `swarm up`.
// - appendToDomMs: from a task appended through the command layer (in this process, on the same log) to its row
//   showing in the DOM of the open Overview (its pending count) (a MutationObserver in the page stamps performance.timeOrigin +
//   performance.now(); this process stamps the append's completion the same way). Target p95 < 100 ms.
// - firstLoadMs: navigation start to the Overview rendered with its data, with 100,000 events in the log (fresh
//   browser context each time, median of a few). Target < 1000 ms.
// Progress on stderr; the last stdout line is one JSON object. Environment: BENCH_UI_EVENTS (default 100000),
// BENCH_UI_SAMPLES (default 40), BENCH_UI_LOADS (default 5).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLeft } from 'fp-ts/lib/Either.js';
import { projectionStorePath } from '../infra/config/store-location.js';
import { followUpEventId, newEventId } from '../infra/log/event-ids.js';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { createSqliteProjectionStore } from '../infra/projections/sqlite-projection-store.js';
import { createTask } from '../processes/commands/task-commands.js';
import type { SwarmRuntime } from '../processes/commands/runtime.js';
import { dashboardUrl, launchChromium } from '../test/browser/browser-session.js';
import { defaultSettings } from '../test/fixtures/test-runtime.js';
import { appendHistory, swarmHistory } from './bench-core-history.js';
import { log, median, percentile, round } from './bench-core-stats.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);

const EVENTS = Number(process.env.BENCH_UI_EVENTS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_UI_SAMPLES ?? 40);
const LOADS = Number(process.env.BENCH_UI_LOADS ?? 5);
const targets = { appendToDomP95Ms: 100, firstLoadMs: 1000 };

const now = () => performance.timeOrigin + performance.now();
const home = mkdtempSync(join(tmpdir(), 'swarmlog-bench-ui-'));
const dbPath = join(home, 'swarm.db');
let up: ChildProcess | undefined;

const startSwarm = async (): Promise<string> => {
  const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'warn' };
  delete env.SWARM_AGENT;
  const child = spawn(process.execPath, ['cli/bin/swarm', 'up', '--no-agents', '--no-scheduler', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  up = child;
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 120_000;
  while (!out.includes('Ctrl-C stops')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`swarm up did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return dashboardUrl(out);
};

try {
  log('building…');
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('the build failed');

  log(`appending ${EVENTS.toLocaleString('en-US')} events of synthetic swarm history…`);
  const seeded = Date.now();
  const seedLog = createSqliteEventStore({ path: dbPath, synchronous: 'NORMAL' });
  const appended = await appendHistory(seedLog, swarmHistory(EVENTS));
  await seedLog.close();
  log(`  ${appended.toLocaleString('en-US')} events in ${Date.now() - seeded} ms`);

  const started = Date.now();
  const url = await startSwarm();
  log(`swarm up ready (read models caught up) in ${Date.now() - started} ms at ${url.replace(/#.*/, '#token=…')}`);

  const browser = await launchChromium();
  try {
    // First load: a fresh context (cold cache) each time, navigation start to the Overview rendered with data.
    const loads: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url);
      await page.locator('overview-page [data-ready]').waitFor({ timeout: 30_000 });
      const ms = await page.evaluate(() => performance.now());
      loads.push(ms);
      log(`  first load ${i + 1}/${LOADS}: ${round(ms)} ms`);
      await context.close();
    }

    // Append → DOM: the Overview is open; each sample appends one pending task and waits for the queue's pending
    // count to show it (no agent runs here, so only the bench changes that count).
    const page = await browser.newPage();
    await page.goto(url);
    await page.locator('overview-page [data-ready]').waitFor();
    await page.evaluate(() => {
      const w = window as unknown as { benchWanted?: string; benchSeen: Record<string, number> };
      w.benchSeen = {};
      new MutationObserver(() => {
        const wanted = w.benchWanted;
        if (wanted && w.benchSeen[wanted] === undefined && document.querySelector(`[data-testid="queue"] [data-status="pending"]`)?.getAttribute('data-count') === wanted)
          w.benchSeen[wanted] = performance.timeOrigin + performance.now();
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const pendingNow = async () => Number(await page.locator('[data-testid="queue"] [data-status="pending"]').getAttribute('data-count'));

    const runtime: SwarmRuntime = {
      log: createSqliteEventStore({ path: dbPath }),
      projections: createSqliteProjectionStore(projectionStorePath(`sqlite:${dbPath}`)),
      settings: defaultSettings,
      now: () => new Date().toISOString(),
      newEventId,
      newId: newEventId,
      followUpId: followUpEventId,
    };
    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES + 3; i++) {
      const wanted = String((await pendingNow()) + 1);
      await page.evaluate((w) => void ((window as unknown as { benchWanted?: string }).benchWanted = w), wanted);
      const created = await createTask(runtime, { actor: { kind: 'human', id: 'bench' } }, { type: 'research', priority: 5, assignedTo: 'hunter', payload: { title: `bench sample ${i}` } });
      const appendedAt = now();
      if (isLeft(created)) throw new Error(`append: ${created.left.message}`);
      await page.waitForFunction((w) => (window as unknown as { benchSeen: Record<string, number> }).benchSeen[w] !== undefined, wanted, { timeout: 10_000, polling: 10 });
      const seenAt = await page.evaluate((w) => (window as unknown as { benchSeen: Record<string, number> }).benchSeen[w]!, wanted);
      if (i >= 3) latencies.push(seenAt - appendedAt); // the first few warm up the server's paths
      await new Promise((r) => setTimeout(r, 50));
    }
    runtime.projections.close();
    await runtime.log.close();
    const p50 = round(percentile(latencies, 50), 1);
    const p95 = round(percentile(latencies, 95), 1);
    log(`append → DOM over ${latencies.length} samples: p50 ${p50} ms, p95 ${p95} ms (target p95 < ${targets.appendToDomP95Ms} ms)`);
    const firstLoad = round(median(loads));
    log(`first load with ${appended.toLocaleString('en-US')} events: median ${firstLoad} ms (target < ${targets.firstLoadMs} ms)`);
    if (p95 >= targets.appendToDomP95Ms) log(`MISSED: append → DOM p95 ${p95} ms`);
    if (firstLoad >= targets.firstLoadMs) log(`MISSED: first load ${firstLoad} ms`);
    console.log(JSON.stringify({ appendToDomMs: { p50, p95 }, firstLoadMs: firstLoad }));
  } finally {
    await browser.close();
  }
} finally {
  if (up && up.exitCode === null) {
    const exited = new Promise((r) => up!.once('exit', r));
    up.kill('SIGINT');
    await exited;
  }
  rmSync(home, { recursive: true, force: true });
}
