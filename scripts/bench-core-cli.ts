// CLI wall time for `npm run bench:core`: process start to exit of the built bins on a log of 10,000 tasks, against
// a bare `node -e 0` started the same way in the same run (interleaved, so machine noise hits all three alike).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile, round } from './bench-core-stats.js';
import { seedTasks } from './bench-core-seed.js';

export interface LatencyFigures {
  readonly p50: number;
  readonly p95: number;
}

const timed = (args: string[], env: NodeJS.ProcessEnv): number => {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr || r.stdout}`);
  return ms;
};

export const cliLatency = async (home: string, tasks: number, samples: number): Promise<Record<'nodeBare' | 'claudeTasksList' | 'claudeTasksCreate', LatencyFigures>> => {
  // Most of the history is done; the rest waits in the queue, as on a swarm that has run for a while.
  await seedTasks(join(home, 'swarm.db'), 'NORMAL', { tasks, type: 'research', completedShare: 0.8 });
  const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home, SWARM_STORE: '', SWARM_AGENT: '' };
  const forms = {
    nodeBare: () => ['-e', '0'],
    claudeTasksList: () => ['cli/bin/claude-tasks', 'list'],
    claudeTasksCreate: (i: number) => ['cli/bin/claude-tasks', 'create', '--type', 'research', '--payload', JSON.stringify({ title: `bench ${i}` })],
  };
  const names = Object.keys(forms) as (keyof typeof forms)[];
  for (const name of names) timed(forms[name](-1), env); // warm the file cache
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<keyof typeof forms, number[]>;
  for (let i = 0; i < samples; i++) for (const name of names) times[name].push(timed(forms[name](i), env));
  return Object.fromEntries(
    names.map((n) => [n, { p50: round(percentile(times[n], 50), 1), p95: round(percentile(times[n], 95), 1) }]),
  ) as Record<keyof typeof forms, LatencyFigures>;
};
