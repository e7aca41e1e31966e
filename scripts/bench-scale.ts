// `npm run bench:scale`: several `swarm up --roles …` instances on one log, as hosts of a cluster would run, on the
// embedded log and on the EventStoreDB emulator (test/fakes/esdb-emulator/emulator-process.ts, a process of its own,
// through the real client). For 1, 2 and 4 instances (each a process running BENCH_SCALE_AGENTS simulated support
// agents, --no-scheduler --no-dashboard, sim driver, every run in its bubblewrap sandbox), 2,000 monitor_github tasks
// (the simulated Support completes one at once, with no follow-up) are appended once every instance is up; timed
// from the first append to the last TaskCompleted. Prints tasks/s, tasks worked twice (completed more than once, or
// with two runs at the same time: must be 0), runs retried (a run whose task was handed back and run again, by
// outcome), tasks lost, and each instance's share of the completions.
// Environment: BENCH_SCALE_TASKS (default 2000), BENCH_SCALE_INSTANCES (default 1,2,4), BENCH_SCALE_AGENTS (default
// 2), BENCH_SCALE_LOGS (default sqlite,esdb). Progress on stderr; the last stdout line is one JSON object.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { EventData } from '../domain/log/envelope.js';
import type { EventStore } from '../domain/log/event-store.js';
import { newEventId } from '../infra/log/event-ids.js';
import { openEventStore, parseStoreUrl } from '../infra/log/open-event-store.js';
import { log, round } from './bench-core-stats.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(repo);

const TASKS = Number(process.env.BENCH_SCALE_TASKS ?? 2000);
const INSTANCES = (process.env.BENCH_SCALE_INSTANCES ?? '1,2,4').split(',').map(Number);
const AGENTS = Number(process.env.BENCH_SCALE_AGENTS ?? 2);
const LOGS = (process.env.BENCH_SCALE_LOGS ?? 'sqlite,esdb').split(',');

const children: ChildProcess[] = [];
// Stopped from outside (a timeout, Ctrl-C): the instances and the emulator go with it.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    process.exit(130);
  });

/** Starts a process and resolves once `ready` matches its output (the emulator's first line, swarm up's last). */
const startProcess = (args: string[], env: NodeJS.ProcessEnv, ready: RegExp, what: string): Promise<{ child: ChildProcess; output: () => string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start:\n${out.slice(-3000)}`)), 180_000);
    const seen = (d: Buffer) => {
      out += d;
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve({ child, output: () => out });
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}):\n${out.slice(-3000)}`)));
  });

const stop = async (child: ChildProcess) => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGINT');
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(killer);
};

const metadata = (id: string) => ({ correlationId: id, causationId: id, actor: { kind: 'human' as const, id: 'bench' }, at: new Date().toISOString(), schemaVersion: 1 });

/** Completions per task stream, with the agent that completed it last. */
/**
 * Completions per task stream, read on from where the last call stopped: the benchmark polls twice a second, and
 * reading the whole log each time (on EventStoreDB a filtered read goes through all of `$all`) loaded the emulator
 * with the benchmark's own polling, more than with the swarm's work, once the log held a few thousand tasks.
 */
const completionCounter = (store: EventStore) => {
  const counts = new Map<string, { n: number; agent: string }>();
  let after: number | undefined;
  return async (): Promise<Map<string, { n: number; agent: string }>> => {
    for await (const e of store.readAll({ filter: { eventTypes: ['TaskCompleted'] }, ...(after !== undefined ? { fromPosition: after } : {}) })) {
      const agent = (e.data as { agent?: string }).agent ?? e.metadata.actor.id;
      counts.set(e.stream, { n: (counts.get(e.stream)?.n ?? 0) + 1, agent });
      after = e.position;
    }
    return counts;
  };
};

/**
 * Runs per task, each from its RunStarted to its RunFinished (log positions) with its outcome. A task is worked
 * twice when two of its runs overlap (two agents on it at once); a run after another one ended (a failed run whose
 * task was handed back, on this loaded machine) is a retry, counted apart with the outcomes retried.
 */
const runsOf = async (store: EventStore) => {
  const runs = new Map<string, { task: string; start: number; end: number; outcome?: string }>();
  for await (const e of store.readAll({ filter: { eventTypes: ['RunStarted', 'RunFinished'] } })) {
    const data = e.data as { taskId?: string; outcome?: string };
    if (e.type === 'RunStarted' && data.taskId) runs.set(e.stream, { task: `task-${data.taskId}`, start: e.position, end: Number.POSITIVE_INFINITY });
    const run = runs.get(e.stream);
    if (e.type === 'RunFinished' && run) Object.assign(run, { end: e.position, outcome: data.outcome });
  }
  const byTask = new Map<string, { start: number; end: number; outcome?: string }[]>();
  for (const r of runs.values()) byTask.set(r.task, [...(byTask.get(r.task) ?? []), r]);
  let overlapping = 0;
  const retried: string[] = [];
  for (const list of byTask.values()) {
    const sorted = list.sort((a, b) => a.start - b.start);
    if (sorted.some((r, i) => i > 0 && r.start < sorted[i - 1]!.end)) overlapping++;
    for (const r of sorted.slice(0, -1)) retried.push(r.outcome ?? 'unfinished');
  }
  return { overlapping, retried };
};

interface ScaleFigures {
  readonly instances: number;
  readonly tasksPerSec: number;
  readonly seconds: number;
  /** Tasks completed more than once, or with two runs at the same time: must be 0. */
  readonly workedTwice: number;
  /** Runs that were not a task's last (its task handed back and run again), by outcome. */
  readonly retriedRuns: Record<string, number>;
  readonly lost: number;
  readonly shares: number[];
}

const runOnce = async (kind: string, instances: number): Promise<ScaleFigures> => {
  const home = mkdtempSync(join(tmpdir(), `swarmlog-bench-scale-${kind}-`));
  const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'warn', SWARM_MAX_CONCURRENT_AGENTS: String(AGENTS) };
  delete env.SWARM_AGENT;
  let emulator: ChildProcess | undefined;
  const ups: ChildProcess[] = [];
  try {
    if (kind === 'esdb') {
      const started = await startProcess(['--import', 'tsx', 'test/fakes/esdb-emulator/emulator-process.ts'], env, /^\S+:\/\/\S+\n/, 'the EventStoreDB emulator');
      emulator = started.child;
      env.SWARM_STORE = started.output().split('\n')[0]!.trim();
    } else env.SWARM_STORE = `sqlite:${join(home, 'swarm.db')}?synchronous=normal`;
    const location = parseStoreUrl(env.SWARM_STORE!);
    if (isLeft(location)) throw new Error(location.left);
    const store = await openEventStore(location.right);
    // Instance k runs support-k1 … support-kA: the instance of a completion is read off its agent's name.
    const agentsOf = (k: number) => Array.from({ length: AGENTS }, (_, j) => `support-i${k}a${j + 1}`);
    for (let k = 1; k <= instances; k++) {
      const up = await startProcess(['cli/bin/swarm', 'up', '--no-scheduler', '--no-dashboard', '--driver', 'sim', '--roles', agentsOf(k).join(',')], env, /Ctrl-C stops/, `swarm up instance ${k}`);
      ups.push(up.child);
    }
    const started = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < TASKS; i++) {
      const taskId = newEventId();
      ids.push(taskId);
      const title = `scale check ${i}`;
      const event: EventData = { id: newEventId(), type: 'TaskCreated', data: { taskId, type: 'monitor_github', priority: 5, payload: { title }, title, createdBy: 'bench' }, metadata: metadata(taskId) };
      const appended = await store.append(`task-${taskId}`, [event], { expectedRevision: 'no_stream' });
      if (isLeft(appended)) throw new Error(appended.left.message);
    }
    log(`  ${kind}, ${instances} instance(s): ${TASKS} tasks appended in ${round((performance.now() - started) / 1000, 1)} s`);
    const deadline = Date.now() + 30 * 60_000;
    const completionsOf = completionCounter(store);
    let completed = 0;
    for (;;) {
      completed = (await completionsOf()).size;
      if (completed >= TASKS || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (performance.now() - started) / 1000;
    for (const up of ups) await stop(up);
    const completions = await completionsOf();
    const runs = await runsOf(store);
    const workedTwice = [...completions.values()].filter((c) => c.n > 1).length + runs.overlapping;
    const retriedRuns: Record<string, number> = {};
    for (const outcome of runs.retried) retriedRuns[outcome] = (retriedRuns[outcome] ?? 0) + 1;
    const lost = ids.filter((id) => !completions.has(`task-${id}`)).length;
    const byInstance = Array.from({ length: instances }, (_, k) => [...completions.values()].filter((c) => c.agent.startsWith(`support-i${k + 1}a`)).length);
    await store.close();
    const figures = { instances, tasksPerSec: round(completions.size / seconds, 1), seconds: round(seconds, 1), workedTwice, retriedRuns, lost, shares: byInstance.map((n) => round(n / Math.max(1, completions.size), 3)) };
    log(`  ${kind}, ${instances} instance(s): ${figures.tasksPerSec} tasks/s, ${figures.workedTwice} worked twice, ${lost} lost, shares ${figures.shares.join(' / ')}, runs retried ${JSON.stringify(retriedRuns)}`);
    return figures;
  } finally {
    for (const up of ups) await stop(up);
    if (emulator) await stop(emulator);
    rmSync(home, { recursive: true, force: true });
  }
};

try {
  log('building…');
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) throw new Error('the build failed');
  const result: Record<string, ScaleFigures[]> = {};
  const misses: string[] = [];
  for (const kind of LOGS) {
    result[kind] = [];
    for (const n of INSTANCES) {
      const figures = await runOnce(kind, n);
      result[kind]!.push(figures);
      if (figures.workedTwice > 0) misses.push(`${kind} × ${n}: ${figures.workedTwice} tasks worked twice`);
      if (figures.lost > 0) misses.push(`${kind} × ${n}: ${figures.lost} tasks not completed`);
    }
  }
  console.log(JSON.stringify({ tasks: TASKS, agentsPerInstance: AGENTS, cores: (await import('node:os')).availableParallelism(), ...result, targetsMet: misses.length === 0, misses }));
} finally {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
