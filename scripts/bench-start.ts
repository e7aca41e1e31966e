// `npm run bench:start`: how soon `swarm up` serves on a new host joining a long-running swarm, and what it holds in
// memory meanwhile. For each log size, a log of synthetic swarm history (scripts/bench-core-history.ts) is written
// once; then `swarm up --no-agents --no-scheduler --port 0` (the built bin, a process of its own) starts with no read
// models (a new host: every read model folded from the log), and the time to its dashboard answering /health is
// measured, median of BENCH_START_RUNS; then a restart (read models kept: only the tail is folded), after appending
// a tail of BENCH_START_TAIL events. Peak RSS is the process's VmHWM (its worker thread included), read before it
// stops. A `swarm rebuild` of the same log is timed beside it (the first start must go at its speed) with its peak RSS.
// Targets (issue 21): 1,000,000 events serving within 15 s, bench:ui's 100,004 within 2 s; under 2 GiB resident.
// Over logs of at most BENCH_START_WHOLE_MAX_EVENTS (default 200,000) the whole swarm up (its ten simulated agents and
// the scheduler, on a copy of the log) is timed too (`wholeSwarmFirstStartSeconds`, no target).
// Environment: BENCH_START_EVENTS (comma-separated sizes, default 100004,1000000), BENCH_START_RUNS (default 3),
// BENCH_START_TAIL (default 1000), BENCH_START_ESDB_EVENTS (default 0: none; e.g. 20000): first starts over the
// EventStoreDB emulator (test/fakes/esdb-emulator, a process of its own) with that many events, reported apart with
// the CPU seconds of swarm up and of the emulator — no target: the emulator is a fake in JavaScript, whose serving
// costs about as much as the client's reading, so the figures bound the client's share, not a real server's speed.
// Progress on stderr; the last stdout line is one JSON object.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLeft } from 'fp-ts/lib/Either.js';
import { openEventStore, parseStoreUrl } from '../infra/log/open-event-store.js';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { appendHistory, swarmHistory } from './bench-core-history.js';
import { log, median, round } from './bench-core-stats.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);

const SIZES = (process.env.BENCH_START_EVENTS ?? '100004,1000000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_START_RUNS ?? 3);
const TAIL = Number(process.env.BENCH_START_TAIL ?? 1000);
const ESDB_EVENTS = Number(process.env.BENCH_START_ESDB_EVENTS ?? 0);
const targets: Record<number, number> = { 100_004: 2, 1_000_000: 15 };
/** The largest log over which the whole swarm up (agents and scheduler) is timed too (a copy of the log per run). */
const WHOLE_MAX_EVENTS = Number(process.env.BENCH_START_WHOLE_MAX_EVENTS ?? 200_000);
const maxRssMiB = 2048;
/** The process managers swarm up runs (processes/pipeline, processes/notifications): `pm-<name>` checkpoints. */
const processManagers = ['pipeline', 'budget-guard', 'notifications'];

/** Peak resident memory of a process so far, in MiB (Linux). */
const peakRssMiB = (pid: number): number => {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? round(Number(m[1]) / 1024) : Number.NaN;
};

/** CPU seconds (user and system) a process has used so far (Linux). */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

/** The environment of a swarm command on this home: the embedded log in it, or the log at `store`. */
const envFor = (home: string, store?: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'warn' };
  delete env.SWARM_AGENT;
  delete env.SWARM_STORE;
  if (store) env.SWARM_STORE = store;
  return env;
};

/** A dashboard host's swarm up (the first start's target): no agents, no scheduler. */
const dashboardOnly = ['--no-agents', '--no-scheduler'];

/**
 * Starts swarm up (with `args`, default a dashboard host's), waits for /health to answer 200; returns seconds to
 * serving, peak RSS, CPU and its start lines.
 */
const timedStart = async (home: string, store?: string, args: readonly string[] = dashboardOnly): Promise<{ seconds: number; peakRssMiB: number; cpuSeconds: number; modelsLine: string }> => {
  const started = performance.now();
  const child = spawn(process.execPath, ['cli/bin/swarm', 'up', ...args, '--port', '0'], { env: envFor(home, store), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  try {
    const deadline = Date.now() + 600_000;
    for (;;) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`swarm up did not serve:\n${out.slice(-3000)}`);
      const url = out.match(/Dashboard: (http:\/\/[^/\s#]+)/)?.[1];
      if (url) {
        const ok = await fetch(`${url}/health`).then((r) => r.ok, () => false);
        if (ok) break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    return { seconds, peakRssMiB: peakRssMiB(child.pid!), cpuSeconds: cpuSeconds(child.pid!), modelsLine: out.match(/ {2}models: .*/)?.[0] ?? '' };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  }
};

/** `swarm rebuild` of the same log, with its peak RSS (sampled, as the process ends too soon to be asked after). */
const timedRebuild = async (home: string): Promise<{ seconds: number; peakRssMiB: number }> => {
  const started = performance.now();
  const child = spawn(process.execPath, ['cli/bin/swarm', 'rebuild', '--json'], { env: envFor(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let peak = 0;
  const sampler = setInterval(() => {
    try {
      const now = peakRssMiB(child.pid!);
      if (Number.isFinite(now)) peak = Math.max(peak, now);
    } catch {
      // ended between two samples
    }
  }, 50);
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  clearInterval(sampler);
  if (code !== 0) throw new Error(`swarm rebuild exited with ${code}`);
  return { seconds: (performance.now() - started) / 1000, peakRssMiB: peak };
};

const dropReadModels = (home: string) => {
  for (const f of readdirSync(home)) if (f.startsWith('swarm.projections') || f.startsWith('swarm.memory-index')) rmSync(join(home, f), { force: true });
};

/**
 * First starts over the EventStoreDB emulator: the synthetic history appended through the port, the process managers'
 * checkpoints at its head (as on the embedded log), then `swarm up` on a new home each run (no read models).
 */
const esdbFirstStarts = async (root: string, size: number) => {
  const emulator = spawn(process.execPath, ['--import', 'tsx', 'test/fakes/esdb-emulator/emulator-process.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      emulator.stdout!.once('data', (d) => resolve(String(d).split('\n')[0]!.trim()));
      emulator.once('exit', (code) => reject(new Error(`the EventStoreDB emulator exited (${code})`)));
    });
    const location = parseStoreUrl(url);
    if (isLeft(location)) throw new Error(location.left);
    const seeding = performance.now();
    const store = await openEventStore(location.right);
    const events = await appendHistory(store, swarmHistory(size), { interval: 10_000, every: async (n) => log(`  EventStoreDB emulator: ${n} events appended`) });
    for (const name of processManagers) await store.checkpoints.save(`pm-${name}`, await store.headPosition());
    await store.close();
    log(`EventStoreDB emulator: ${events} events written in ${round((performance.now() - seeding) / 1000, 1)} s`);
    const starts: { seconds: number; peakRssMiB: number; cpuSeconds: number; emulatorCpuSeconds: number }[] = [];
    for (let run = 1; run <= RUNS; run++) {
      const home = mkdtempSync(join(root, `esdb-${size}-`));
      const emulatorBefore = cpuSeconds(emulator.pid!);
      const first = await timedStart(home, url);
      const start = { ...first, emulatorCpuSeconds: round(cpuSeconds(emulator.pid!) - emulatorBefore, 2) };
      starts.push(start);
      log(`  first start over EventStoreDB ${run}/${RUNS}: serving after ${round(first.seconds, 2)} s, CPU: swarm up ${first.cpuSeconds} s, emulator ${start.emulatorCpuSeconds} s; peak RSS ${first.peakRssMiB} MiB (${first.modelsLine.trim()})`);
      rmSync(home, { recursive: true, force: true });
    }
    return {
      events,
      firstStartSeconds: round(median(starts.map((f) => f.seconds)), 2),
      swarmUpCpuSeconds: round(median(starts.map((f) => f.cpuSeconds)), 2),
      emulatorCpuSeconds: round(median(starts.map((f) => f.emulatorCpuSeconds)), 2),
      peakRssMiB: Math.max(...starts.map((f) => f.peakRssMiB)),
      runs: starts.map((f) => round(f.seconds, 2)),
    };
  } finally {
    emulator.kill('SIGTERM');
  }
};

const root = mkdtempSync(join(tmpdir(), 'swarmlog-bench-start-'));
const result: Record<string, unknown> = {};
const misses: string[] = [];
try {
  log('building…');
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) throw new Error('the build failed');
  for (const size of SIZES) {
    const home = mkdtempSync(join(root, `log-${size}-`));
    const seeding = performance.now();
    const store = createSqliteEventStore({ path: join(home, 'swarm.db'), synchronous: 'NORMAL' });
    const events = await appendHistory(store, swarmHistory(size));
    // A long-running swarm's process managers kept up with its log (their checkpoints are in the log, shared by every
    // host): a new host resumes them at the head. Without this they would replay the synthetic history's follow-ups.
    for (const name of processManagers) await store.checkpoints.save(`pm-${name}`, await store.headPosition());
    await store.close();
    log(`${events} events written in ${round((performance.now() - seeding) / 1000, 1)} s`);
    const firsts: { seconds: number; peakRssMiB: number }[] = [];
    const rebuilds: { seconds: number; peakRssMiB: number }[] = [];
    for (let run = 1; run <= RUNS; run++) {
      dropReadModels(home);
      const first = await timedStart(home);
      firsts.push(first);
      log(`  first start ${run}/${RUNS}: serving after ${round(first.seconds, 2)} s, peak RSS ${first.peakRssMiB} MiB (${first.modelsLine.trim()})`);
      const rebuild = await timedRebuild(home);
      rebuilds.push(rebuild);
      log(`  swarm rebuild ${run}/${RUNS}: ${round(rebuild.seconds, 2)} s, peak RSS ${rebuild.peakRssMiB} MiB`);
    }
    // The whole swarm up as a person starts it (ten simulated agents, the scheduler), on a copy of the log each time
    // (its agents append): the dashboard serves once the read models are current, while the agents start.
    const wholes: number[] = [];
    if (size <= WHOLE_MAX_EVENTS) {
      for (let run = 1; run <= RUNS; run++) {
        const copy = mkdtempSync(join(root, `whole-${size}-`));
        for (const f of readdirSync(home)) if (f.startsWith('swarm.db')) copyFileSync(join(home, f), join(copy, f));
        const whole = await timedStart(copy, undefined, []);
        wholes.push(whole.seconds);
        log(`  whole swarm up ${run}/${RUNS} (agents and scheduler): serving after ${round(whole.seconds, 2)} s`);
        rmSync(copy, { recursive: true, force: true });
      }
    }
    // A restart after a tail was appended: only the tail is folded.
    const tailStore = createSqliteEventStore({ path: join(home, 'swarm.db'), synchronous: 'NORMAL' });
    const tail = await appendHistory(tailStore, swarmHistory(TAIL, 11, '2027-01-05T08:00:00.000Z'));
    await tailStore.close();
    const restart = await timedStart(home);
    log(`  restart after ${tail} more events: serving after ${round(restart.seconds, 2)} s (${restart.modelsLine.trim()})`);
    const figures = {
      events,
      firstStartSeconds: round(median(firsts.map((f) => f.seconds)), 2),
      rebuildSeconds: round(median(rebuilds.map((r) => r.seconds)), 2),
      // Below 1: the first start serves sooner than a rebuild of the same log finishes (it starts the CLI once too).
      firstStartVsRebuild: round(median(firsts.map((f, i) => f.seconds / rebuilds[i]!.seconds)), 2),
      ...(wholes.length > 0 ? { wholeSwarmFirstStartSeconds: round(median(wholes), 2) } : {}),
      restartSeconds: round(restart.seconds, 2),
      restartFolded: Number(restart.modelsLine.match(/models: +(\d+)/)?.[1] ?? Number.NaN),
      peakRssMiB: { firstStart: Math.max(...firsts.map((f) => f.peakRssMiB)), rebuild: Math.max(...rebuilds.map((r) => r.peakRssMiB)), restart: restart.peakRssMiB },
      runs: firsts.map((f) => round(f.seconds, 2)),
    };
    result[`events${size}`] = figures;
    const target = targets[size];
    if (target !== undefined && figures.firstStartSeconds > target) misses.push(`first start over ${size} events: ${figures.firstStartSeconds} s > ${target} s`);
    if (Math.max(figures.peakRssMiB.firstStart, figures.peakRssMiB.rebuild) > maxRssMiB) misses.push(`peak RSS over ${size} events: ${Math.max(figures.peakRssMiB.firstStart, figures.peakRssMiB.rebuild)} MiB > ${maxRssMiB}`);
    if (figures.restartFolded > tail * 2) misses.push(`restart folded ${figures.restartFolded} events after a tail of ${tail}`);
    rmSync(home, { recursive: true, force: true });
  }
  if (ESDB_EVENTS > 0) result[`esdbEvents${ESDB_EVENTS}`] = await esdbFirstStarts(root, ESDB_EVENTS);
  console.log(JSON.stringify({ ...result, targetsMet: misses.length === 0, misses }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
