// Claim + complete cycles for `npm run bench:core`: the real task services over a runtime built as the CLI builds
// it, one process against a pre-seeded queue, and 8 OS processes racing for one queue (the concurrency proof's
// harness in test/fixtures), with exactly-once checks read back from the log.
import { isLeft } from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCliContext } from '../cli/cli-context.js';
import type { Synchronous } from '../infra/log/sqlite/sqlite-schema.js';
import { claimTask, completeTask } from '../processes/commands/task-commands.js';
import { runClaimWorkers } from '../test/fixtures/run-claim-workers.js';
import { seedTasks, sqliteStoreUrl } from './bench-core-seed.js';
import { createSqliteEventStore } from '../infra/log/sqlite/sqlite-event-store.js';
import { newEventId } from '../infra/log/event-ids.js';

const homeFor = (root: string, label: string) => mkdtempSync(join(root, `${label}-`));
const envFor = (home: string, synchronous: Synchronous): NodeJS.ProcessEnv => ({
  ...process.env,
  SWARM_HOME: home,
  SWARM_STORE: sqliteStoreUrl(join(home, 'swarm.db'), synchronous),
  SWARM_AGENT: '',
});

/** One process claims and completes `tasks` tasks one after the other; returns cycles per second. */
export const claimCompleteSingle = async (root: string, synchronous: Synchronous, tasks: number): Promise<number> => {
  const home = homeFor(root, `single-${synchronous}`);
  try {
    const env = envFor(home, synchronous);
    await seedTasks(join(home, 'swarm.db'), synchronous, { tasks, type: 'test_product' });
    const ctx = createCliContext(env);
    const runtime = await ctx.runtime();
    const caller = { actor: { kind: 'agent' as const, id: 'tester' } };
    let cycles = 0;
    const started = performance.now();
    for (;;) {
      const claimed = await claimTask(runtime, caller, { agent: 'tester' });
      if (isLeft(claimed)) throw new Error(`claim: ${claimed.left.message}`);
      if (claimed.right.status === 'no_tasks') break;
      const task = claimed.right.task;
      const done = await completeTask(runtime, caller, { taskId: task.id, agent: 'tester', generation: task.generation, result: { ok: true } });
      if (isLeft(done)) throw new Error(`complete ${task.id}: ${done.left.message}`);
      cycles++;
    }
    const seconds = (performance.now() - started) / 1000;
    await ctx.close();
    if (cycles !== tasks) throw new Error(`completed ${cycles} of ${tasks} tasks`);
    return cycles / seconds;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
};

export interface MultiProcessFigures {
  readonly cyclesPerSec: number;
  readonly doubleClaims: number;
  readonly lost: number;
  readonly minShare: number;
  readonly errors: number;
}

/** `workers` OS processes claim and complete one queue of `tasks` tasks until it is empty. */
export const claimCompleteMultiProcess = async (root: string, synchronous: Synchronous, workers: number, tasks: number): Promise<MultiProcessFigures> => {
  const home = homeFor(root, `multi-${synchronous}`);
  try {
    const env = envFor(home, synchronous);
    const created = await seedTasks(join(home, 'swarm.db'), synchronous, { tasks, type: 'test_product' });
    const { reports, wallSeconds } = await runClaimWorkers(env, workers);
    // The log is the judge: completions per task stream, whatever the workers believe they did.
    const ctx = createCliContext(env);
    const runtime = await ctx.runtime();
    const completions = new Map<string, number>();
    for await (const e of runtime.log.readAll({ filter: { eventTypes: ['TaskCompleted'] } })) completions.set(e.stream, (completions.get(e.stream) ?? 0) + 1);
    await ctx.close();
    const reported = reports.flatMap((r) => r.completed);
    const doubleClaims = [...completions.values()].filter((n) => n > 1).length + (reported.length - new Set(reported).size);
    const lost = created.filter((id) => !completions.has(`task-${id}`)).length;
    const total = reported.length || 1;
    return {
      cyclesPerSec: completions.size / wallSeconds,
      doubleClaims,
      lost,
      minShare: Math.min(...reports.map((r) => r.completed.length / total)),
      errors: reports.reduce((n, r) => n + r.errors.length, 0),
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
};

/**
 * The baseline of a claim + complete cycle: the same two events (TaskClaimed, then TaskCompleted) appended to each
 * seeded task's stream with exact expected revisions, one append each as the two commands do, through the same log
 * adapter and durability, with nothing read, decided or folded. Returns cycles (event pairs) per second.
 */
export const rawAppendPairs = async (root: string, synchronous: Synchronous, tasks: number): Promise<number> => {
  const home = homeFor(root, `raw-${synchronous}`);
  try {
    const path = join(home, 'swarm.db');
    const ids = await seedTasks(path, synchronous, { tasks, type: 'test_product' });
    const store = createSqliteEventStore({ path, synchronous });
    const metadata = { correlationId: 'bench', causationId: 'bench', actor: { kind: 'agent' as const, id: 'tester' }, at: new Date().toISOString(), schemaVersion: 1 };
    const started = performance.now();
    for (const id of ids) {
      const claimed = await store.append(`task-${id}`, [{ id: newEventId(), type: 'TaskClaimed', data: { agent: 'tester', generation: 1, attempt: 1, leaseUntil: metadata.at }, metadata }], { expectedRevision: 0 });
      if (isLeft(claimed)) throw new Error(claimed.left.message);
      const done = await store.append(`task-${id}`, [{ id: newEventId(), type: 'TaskCompleted', data: { agent: 'tester', generation: 1, result: { ok: true } }, metadata }], { expectedRevision: 1 });
      if (isLeft(done)) throw new Error(done.left.message);
    }
    const seconds = (performance.now() - started) / 1000;
    await store.close();
    return ids.length / seconds;
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
};
