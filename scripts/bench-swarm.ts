// `npm run bench:swarm`: how fast the swarm reacts and how long the whole offline pipeline takes.
// - dispatchLatencyMs: from a TaskCreated appended by another connection (a CLI call, the API) to the agent process
//   being spawned by `swarm up`'s dispatcher (the original polled every 60 s, plus a 30–60 s throttle).
// - pipelineWallS: a Hunter scan to a published product with the simulated agents, the two human decisions made
//   at the CLI as soon as they are asked for (wall time of real processes).
// Prints progress on stderr and one JSON object as the last line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import { createSimDriver } from '../agents/drivers/sim-driver.js';
import { createCliContext } from '../cli/cli-context.js';
import { createLogger } from '../infra/logging/logger.js';
import { createTask } from '../processes/commands/task-commands.js';
import { runPreparer } from '../processes/dispatcher/prepare-run.js';
import { startSwarm } from '../processes/swarm/start-swarm.js';
import { log, percentile, round } from './bench-core-stats.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const dispatchLatency = async (samples: number) => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-bench-swarm-'));
  const env = { ...process.env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'silent' };
  const swarmCtx = createCliContext(env);
  const runtime = await swarmCtx.runtime();
  const spawned = new Map<string, number>();
  const swarm = await startSwarm({
    runtime,
    home,
    log: createLogger('bench', env),
    agents: ['support'],
    managers: [],
    driverFor: () => createSimDriver(),
    prepare: runPreparer({ runtime, config: swarmCtx.config(), secrets: {}, driverOf: () => 'sim' }),
    baseEnv: { PATH: `${process.cwd()}/cli/bin:${process.env.PATH}`, HOME: home, SWARM_HOME: home, SWARM_STORE: `sqlite:${home}/swarm.db`, SWARM_LOG_LEVEL: 'silent' },
    maxConcurrent: 8,
    progressTimeoutMs: 60_000,
    sessionCapMs: 60_000,
    leaseSeconds: 900,
    onSpawn: ({ taskId }) => spawned.set(taskId, performance.now()),
  });
  // Tasks come from another connection to the log, as from a CLI call in another process.
  const creatorCtx = createCliContext(env);
  const creator = await creatorCtx.runtime();
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const created = await createTask(creator, { actor: { kind: 'human', id: 'bench' } }, { type: 'monitor_github', payload: { title: `check ${i}` } });
    if (isLeft(created)) throw new Error(created.left.message);
    const appended = performance.now();
    while (!spawned.has(created.right.taskId)) await new Promise((r) => setTimeout(r, 1));
    latencies.push(spawned.get(created.right.taskId)! - appended);
    // Let the run finish so every sample starts with an idle agent.
    while (swarm.dispatcher!.running() > 0) await new Promise((r) => setTimeout(r, 5));
    if ((i + 1) % 5 === 0) log(`dispatch latency: ${i + 1}/${samples} (last ${latencies[latencies.length - 1]!.toFixed(1)} ms)`);
  }
  await swarm.stop();
  await swarmCtx.close();
  await creatorCtx.close();
  rmSync(home, { recursive: true, force: true });
  return { p50: round(percentile(latencies, 50), 1), p95: round(percentile(latencies, 95), 1) };
};

const cli = (env: NodeJS.ProcessEnv, args: string[]) => {
  const r = spawnSync(process.execPath, ['cli/bin/swarm', ...args], { env, encoding: 'utf8' });
  return JSON.parse(r.stdout || 'null');
};

const until = async <T>(probe: () => T | undefined): Promise<T> => {
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
};

const pipelineWall = async (): Promise<number> => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-bench-pipeline-'));
  const env = { ...process.env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'warn' };
  const up = spawn(process.execPath, ['cli/bin/swarm', 'up', '--no-scheduler', '--no-dashboard'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => up.stdout!.on('data', (d) => String(d).includes('Ctrl-C') && resolve()));
  const started = performance.now();
  spawnSync(process.execPath, ['cli/bin/swarm', 'task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', '{"platform":"itch"}'], { env });
  const project = await until(() => cli(env, ['projects', '--json']).projects.find((p: { status: string }) => p.status === 'pending'));
  log(`pipeline: project proposed after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  spawnSync(process.execPath, ['cli/bin/swarm', 'approve', project.id], { env });
  const product = await until(() => cli(env, ['approvals', '--json']).products.find((p: { status: string }) => p.status === 'pending'));
  log(`pipeline: product ready after ${((performance.now() - started) / 1000).toFixed(1)} s`);
  spawnSync(process.execPath, ['cli/bin/swarm', 'approve', product.id], { env });
  await until(() => cli(env, ['approvals', '--status', 'all', '--json']).products.find((p: { id: string; status: string }) => p.id === product.id && p.status === 'published'));
  const seconds = (performance.now() - started) / 1000;
  log(`pipeline: published after ${seconds.toFixed(1)} s`);
  up.kill('SIGINT');
  await new Promise((r) => up.once('exit', r));
  rmSync(home, { recursive: true, force: true });
  return seconds;
};

const latency = await dispatchLatency(40);
log(`dispatch latency p50 ${latency.p50} ms, p95 ${latency.p95} ms (target p95 < 200 ms)`);
const walls = [await pipelineWall(), await pipelineWall(), await pipelineWall()].sort((a, b) => a - b);
const result = {
  dispatchLatencyMs: latency,
  pipelineWallS: round(walls[1]!, 1),
  targetsMet: latency.p95 < 200,
  originalBaseline: 'the original polled for work every 60 s, plus a 30–60 s throttle between sessions',
};
console.log(JSON.stringify(result));
