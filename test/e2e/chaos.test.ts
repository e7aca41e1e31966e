// The chaos test (issue 17 point 4): repeated scans that find the same ideas again, an automatic approver that says
// yes to everything, and `kill -9` of `swarm up` at random moments, each followed by a restart; then the swarm's
// invariants. Bounded: SWARM_CHAOS_SECONDS of chaos (default 100), then at most a few minutes to settle.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ideaKey, ideaSimilarity, sameIdeaSimilarity } from '../../domain/project/index.js';
import { createCliContext } from '../../cli/cli-context.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';
import type { ProjectionStore } from '../../projections/engine/projection.js';
import { tasksOf } from './scenario.js';
import { swarmHome } from './swarm-process.js';

spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'ignore' });

const chaosMs = Number(process.env.SWARM_CHAOS_SECONDS ?? 100) * 1000;
const settleMs = 240_000;
const seed = Number(process.env.SWARM_CHAOS_SEED ?? 17);
// Platforms the scans cycle through: each finds the same ideas every time, so ideas come back again and again (the
// Hunter passes over those its prompt lists as projects already; one still waiting for the Critic comes back).
const platforms = ['itch', 'producthunt', 'itch', 'hackernews', 'producthunt'];

/** mulberry32: a small seeded generator, so a failing run can be replayed with its seed. */
const random = (() => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();

type Project = { id: string; title: string; status: string };
type Product = { id: string; productName: string; status: string; projectId?: string; filesPath: string; testStatus?: string; publishFailure?: { reason: string } };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `swarm up` as a process of its own, resolved once it says it is up. Its own helper (not swarmHome's `up`): a start
 * on a machine loaded by other suites may take longer than that helper's 20 s, and a restart must not give up early.
 */
const startUp = async (env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess }> => {
  const child = spawn(process.execPath, ['cli/bin/swarm', 'up', '--no-scheduler', '--no-dashboard'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 120_000;
  while (!out.includes('Ctrl-C stops')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`swarm up did not start:\n${out}`);
    }
    await sleep(50);
  }
  return { child };
};

test(`chaos: scans, an automatic approver and kill -9 of swarm up at random moments keep the swarm's invariants (seed ${seed})`, async () => {
  const s = swarmHome();
  const gates = () => s.cli('swarm', ['approvals', '--status', 'all', '--limit', '500', '--json']).json<{ projects: Project[]; products: Product[] }>();
  /** The automatic approver: yes to every project and product; a failing product with the override and a note. */
  const approveAll = () => {
    const { projects, products } = gates();
    for (const p of projects.filter((x) => x.status === 'pending')) s.cli('swarm', ['approve', p.id]);
    for (const a of products.filter((x) => x.status === 'pending'))
      s.cli('swarm', ['approve', a.id, ...(a.testStatus === 'fail' ? ['--override-tests', '--note', 'chaos test: the automatic approver overrides'] : [])]);
  };
  let up: { child: ChildProcess } | undefined;
  let kills = 0;
  try {
    writeFileSync(join(s.home, 'config.json'), JSON.stringify({ tasks: { leaseSeconds: 15 } }));
    up = await startUp(s.env);
    const began = Date.now();
    let nextScan = 0;
    let nextKill = Date.now() + 8_000 + random() * 15_000;
    let scans = 0;
    while (Date.now() - began < chaosMs) {
      if (Date.now() >= nextScan) {
        s.cli('swarm', ['task', 'create', '--type', 'scan_platform', '--to', 'hunter', '--payload', JSON.stringify({ platform: platforms[scans % platforms.length] })]);
        scans++;
        nextScan = Date.now() + 10_000;
      }
      approveAll();
      if (Date.now() >= nextKill) {
        const exited = new Promise((r) => up!.child.once('exit', r));
        up.child.kill('SIGKILL');
        await exited;
        kills++;
        up = await startUp(s.env);
        nextKill = Date.now() + 10_000 + random() * 20_000;
      }
      await sleep(1_000);
    }
    // Settle: no more chaos; the approver keeps deciding until nothing waits for anyone.
    const settleBy = Date.now() + settleMs;
    let quiet = 0;
    while (Date.now() < settleBy && quiet < 3) {
      approveAll();
      const tasks = tasksOf(s);
      const { projects, products } = gates();
      const busy = tasks.some((t) => t.status === 'pending' || t.status === 'claimed') || projects.some((p) => p.status === 'pending') || products.some((a) => a.status === 'pending' || a.status === 'approved');
      quiet = busy ? 0 : quiet + 1;
      await sleep(2_000);
    }
    assert.ok(kills >= 2, `swarm up was killed ${kills} times`);
    const tasks = tasksOf(s);
    const { projects, products } = gates();
    const board = () => tasks.filter((t) => t.status === 'pending' || t.status === 'claimed').map((t) => `${t.type} ${t.status} ${t.id}`).join('\n');

    // Nothing stuck claimed (nor left waiting): the swarm settled.
    assert.equal(tasks.filter((t) => t.status === 'claimed').map((t) => t.id), [], board());

    // No idea built twice: one live project per idea, by its normalised title and by similarity.
    const live = projects.filter((p) => p.status !== 'rejected');
    const keys = live.map((p) => ideaKey(p.title));
    assert.is(new Set(keys).size, keys.length, `projects of one idea: ${live.map((p) => p.title).join(', ')}`);
    for (const [i, a] of live.entries()) for (const b of live.slice(i + 1)) assert.ok(ideaSimilarity(a.title, b.title) < sameIdeaSimilarity, `"${a.title}" and "${b.title}" are one idea`);
    const builds = tasks.filter((t) => t.type === 'build_product');
    const buildProjects = builds.map((t) => String(t.payload.project_id));
    assert.is(new Set(buildProjects).size, buildProjects.length, 'one build per project');

    // No two projects share a folder or a counter.
    const folders = builds.map((t) => String(t.payload.files_path));
    assert.is(new Set(folders).size, folders.length, 'one folder per project');
    for (const t of builds) assert.ok(String(t.payload.files_path).endsWith(`/projects/${String(t.payload.project_id)}`), `the folder of ${String(t.payload.project_id)} is its own`);
    for (const a of products) if (a.projectId) assert.ok(a.filesPath.includes(a.projectId), `approval ${a.id} names its project's folder: ${a.filesPath}`);
    const fixesPerProject = new Map<string, number>();
    for (const t of tasks.filter((x) => x.type === 'fix_product' && typeof x.payload.project_id === 'string'))
      fixesPerProject.set(String(t.payload.project_id), (fixesPerProject.get(String(t.payload.project_id)) ?? 0) + 1);
    for (const [project, n] of fixesPerProject) assert.ok(n <= 3, `project ${project} had ${n} fix rounds, over the cap of 3`);
    const productsOfProject = new Map<string, number>();
    for (const a of products.filter((x) => x.projectId)) productsOfProject.set(a.projectId!, (productsOfProject.get(a.projectId!) ?? 0) + 1);

    // Every approved product published, or visibly failed with its reason; none published twice.
    for (const a of products) {
      assert.ok(a.status !== 'approved', `approval ${a.id} (${a.productName}) was approved but neither published nor failed`);
      if (a.status === 'publish_failed') assert.ok(a.publishFailure?.reason, `approval ${a.id} failed without a reason`);
    }
    const published = s.cli('swarm', ['events', '--type', 'ProductPublished']).stdout.trim().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { data: { approvalId: string } }).data.approvalId);
    assert.is(new Set(published).size, published.length, 'no approval published twice');
    assert.ok(published.length >= 1, 'at least one product went out');

    const stopped = new Promise((r) => up!.child.once('exit', r));
    up.child.kill('SIGINT');
    await stopped;
    up = undefined;
    assert.equal(tasksOf(s).filter((t) => t.status === 'claimed').map((t) => t.id), [], 'nothing claimed after a clean stop');

    // The ledger audit is clean, and a rebuild from position 0 equals the live read models.
    const audit = s.cli('swarm', ['ledger', '--audit']);
    assert.is(audit.code, 0, audit.stdout + audit.stderr);
    const ctx = createCliContext({ ...s.env });
    try {
      const runtime = await ctx.runtime();
      await catchUp(runtime.log, runtime.projections, allProjections);
      const rebuilt = createMemoryProjectionStore();
      await catchUp(runtime.log, rebuilt, allProjections);
      const dump = (store: ProjectionStore, name: string) => store.dump(name);
      for (const p of allProjections) assert.equal(dump(rebuilt, p.name), dump(runtime.projections, p.name), `projection ${p.name}: rebuild equals live`);
    } finally {
      await ctx.close();
    }
    console.log(`chaos: ${kills} kills, ${scans} scans, ${live.length} live projects, ${products.length} products (${published.length} published, ${products.filter((a) => a.status === 'publish_failed').length} publish failed), ${tasks.length} tasks`);
  } finally {
    if (up) up.child.kill('SIGKILL');
    await s.cleanup();
  }
});

test.run();
