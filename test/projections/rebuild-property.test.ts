import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommandCaller } from '../../processes/commands/runtime.js';
import { decideApproval, requestApproval } from '../../processes/commands/approval-commands.js';
import { postDiscussion, votePost } from '../../processes/commands/discussion-commands.js';
import { recordIncome, refundIncome } from '../../processes/commands/income-commands.js';
import { acquireLock, releaseLock } from '../../processes/commands/lock-commands.js';
import { markRead, sendMail } from '../../processes/commands/mail-commands.js';
import { addMemory } from '../../processes/commands/memory-commands.js';
import { decideProject, submitProject } from '../../processes/commands/project-commands.js';
import { castVote, createProposal } from '../../processes/commands/proposal-commands.js';
import { finishRun, recordTokens, startRun } from '../../processes/commands/run-commands.js';
import { cancelTask, claimTask, completeTask, createTask, failTask, setTaskPriority } from '../../processes/commands/task-commands.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { createMemoryProjectionStore } from '../../projections/engine/memory-projection-store.js';
import type { ProjectionStore } from '../../projections/engine/projection.js';
import { agent, createTestRuntime, human, type TestRuntime } from '../fixtures/test-runtime.js';

/** A small seeded PRNG so a failing sequence can be replayed from its seed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const roles = ['hunter', 'critic', 'pm', 'builder', 'reviewer', 'tester', 'publisher', 'meta', 'liaison', 'support'];
const types = ['research', 'evaluate_idea', 'write_spec', 'fix_product', 'code_review', 'test_product', 'market', 'respond_to_human'];

const dumpAll = (store: ProjectionStore) => Object.fromEntries(allProjections.map((p) => [p.name, store.dump(p.name)]));

/** Random commands through the same services the CLI uses; refusals are part of the mix. */
const randomHistory = async (rt: TestRuntime, seed: number, steps: number, onStep: (i: number) => Promise<void>) => {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const ids = { tasks: [] as string[], posts: [] as string[], proposals: [] as string[], mail: [] as { id: string; to: string }[], projects: [] as string[], approvals: [] as string[], runs: [] as string[], sales: [] as string[] };
  let clock = Date.parse('2026-11-20T08:00:00.000Z');
  const as = (id: string): CommandCaller => agent(id);
  for (let i = 0; i < steps; i++) {
    clock += Math.floor(random() * 20 * 60_000);
    rt.setNow(new Date(clock).toISOString());
    const who = pick(roles);
    const op = Math.floor(random() * 20);
    switch (op) {
      case 0:
      case 1: {
        const r = await createTask(rt, as(who), { type: pick(types), priority: 1 + Math.floor(random() * 10), payload: { title: `t${Math.floor(random() * 30)}` } });
        if (r._tag === 'Right') ids.tasks.push(r.right.taskId);
        break;
      }
      case 2:
      case 3: {
        const r = await claimTask(rt, as(who), { agent: who, types });
        if (r._tag === 'Right' && r.right.status === 'claimed') {
          const task = r.right.task;
          const finish = random();
          if (finish < 0.5) await completeTask(rt, as(who), { taskId: task.id, agent: who, result: { n: i } });
          else if (finish < 0.8) await failTask(rt, as(who), { taskId: task.id, agent: who, reason: `r${i}` });
        }
        break;
      }
      case 4:
        if (ids.tasks.length) await cancelTask(rt, human(), { taskId: pick(ids.tasks), reason: 'no longer needed' });
        break;
      case 5:
        if (ids.tasks.length) await setTaskPriority(rt, human(), { taskId: pick(ids.tasks), priority: 1 + Math.floor(random() * 10) });
        break;
      case 6: {
        const r = await postDiscussion(rt, as(who), { topic: pick(['general', 'projects', 'human_chat']), content: `post ${i} <b>x</b>`, ...(ids.posts.length && random() < 0.3 ? { replyTo: pick(ids.posts) } : {}) });
        if (r._tag === 'Right') ids.posts.push(r.right.postId);
        break;
      }
      case 7:
        if (ids.posts.length) await votePost(rt, as(who), { postId: pick(ids.posts), direction: random() < 0.7 ? 'up' : 'down' });
        break;
      case 8: {
        const r = await createProposal(rt, as(who), { type: pick(['new_agent', 'new_skill', 'pivot']), title: `p${i}`, description: 'because' });
        if (r._tag === 'Right') ids.proposals.push(r.right.proposalId);
        break;
      }
      case 9:
        if (ids.proposals.length) await castVote(rt, as(who), { proposalId: pick(ids.proposals), vote: random() < 0.6 ? 'for' : 'against' });
        break;
      case 10: {
        const to = pick(roles);
        const r = await sendMail(rt, as(who), { to, type: 'notify', payload: { i } });
        if (r._tag === 'Right') ids.mail.push({ id: r.right.messageId, to });
        break;
      }
      case 11:
        if (ids.mail.length) {
          const m = pick(ids.mail);
          await markRead(rt, as(m.to), { messageId: m.id });
        }
        break;
      case 12:
        if (random() < 0.5) await acquireLock(rt, as(who), { path: `src/f${Math.floor(random() * 4)}.ts` });
        else await releaseLock(rt, as(who), { path: `src/f${Math.floor(random() * 4)}.ts` });
        break;
      case 13: {
        const r = await submitProject(rt, as('pm'), {
          title: `Project ${Math.floor(random() * 8)}`,
          hunterPitch: 'pitch',
          hunterRating: 7,
          maxRevenueEstimate: '$500',
          criticEvaluation: 'fine',
          criticRating: 8,
          cons: 'few',
          differentiation: 'some',
          specPath: '/specs/x.md',
          effortEstimate: '2 days',
        });
        if (r._tag === 'Right') ids.projects.push(r.right.projectId);
        break;
      }
      case 14:
        if (ids.projects.length) await decideProject(rt, human(), { id: pick(ids.projects), decision: pick(['approve', 'reject', 'defer'] as const), reason: 'r', note: 'n' });
        break;
      case 15: {
        const r = await requestApproval(rt, as('tester'), { productName: `Product ${Math.floor(random() * 8)}`, productType: 'product', platform: 'local', description: 'd', filesPath: '/p', price: 9.99 });
        if (r._tag === 'Right') ids.approvals.push(r.right.approvalId);
        break;
      }
      case 16:
        if (ids.approvals.length) await decideApproval(rt, human(), { id: pick(ids.approvals), decision: pick(['approve', 'reject'] as const), reason: 'broken' });
        break;
      case 17: {
        const externalId = `s${Math.floor(random() * 12)}`;
        if (random() < 0.8 || !ids.sales.length) {
          const r = await recordIncome(rt, human(), { source: 'gumroad', externalId, product: `Product ${Math.floor(random() * 3)}`, currency: 'USD', amount: `${1 + Math.floor(random() * 50)}.99` });
          if (r._tag === 'Right') ids.sales.push(externalId);
        } else await refundIncome(rt, human(), { source: 'gumroad', externalId: pick(ids.sales), reason: 'asked', amount: '1.00' });
        break;
      }
      case 18: {
        const runId = `run-${seed}-${i}`;
        const started = await startRun(rt, { ...as(who), runId }, { runId, agent: who, driver: 'sim', model: 'sim', promptHash: 'h', promptPath: '/p', logPath: '/l' });
        if (started._tag === 'Right') {
          const input = 100 + Math.floor(random() * 1000);
          await recordTokens(rt, { ...as(who), runId }, { runId, inputTokens: input, outputTokens: 50, costUsd: 0.01 });
          await finishRun(rt, { ...as(who), runId }, { runId, exitCode: 0, durationMs: 1000, inputTokens: input, outputTokens: 50, costUsd: 0.01, outcome: 'completed' });
        }
        break;
      }
      default:
        await addMemory(rt, as(who), { type: pick(['fact', 'lesson', 'strategy']), content: `memory ${i}`, importance: 1 + Math.floor(random() * 10), tags: ['x'] });
    }
    await onStep(i);
  }
};

for (const seed of [1, 2, 3]) {
  test(`rebuilt read models deep-equal the live ones after a random history (seed ${seed}), and --as-of equals the live model at that point`, async () => {
    const rt = createTestRuntime();
    try {
      let midHead = 0;
      let midDump: unknown;
      const steps = 300;
      await randomHistory(rt, seed, steps, async (i) => {
        if (i % 10 === 0) await catchUp(rt.log, rt.projections, allProjections); // live folding in small steps, as `swarm up` does
        if (i === steps / 2) {
          await catchUp(rt.log, rt.projections, allProjections);
          midHead = await rt.log.headPosition();
          midDump = dumpAll(rt.projections);
        }
      });
      await catchUp(rt.log, rt.projections, allProjections);
      const head = await rt.log.headPosition();
      assert.ok(head > 250, `a real history was produced (${head} events)`);
      const seen = new Set<string>();
      for await (const e of rt.log.readAll({ fromPosition: 0 })) seen.add(e.type);
      for (const type of ['TaskCompleted', 'TaskFailed', 'TaskCancelled', 'PostAdded', 'VoteCast', 'MessageRead', 'ProjectApproved', 'ApprovalGranted', 'IncomeRecorded', 'RunFinished', 'MemoryRecorded'])
        assert.ok(seen.has(type), `the history holds ${type} (it holds ${[...seen].sort().join(', ')})`);
      const rebuilt = createMemoryProjectionStore();
      await catchUp(rt.log, rebuilt, allProjections);
      const live = dumpAll(rt.projections);
      for (const p of allProjections) assert.equal((dumpAll(rebuilt) as Record<string, unknown>)[p.name], (live as Record<string, unknown>)[p.name], `projection ${p.name}`);
      const past = createMemoryProjectionStore();
      await catchUp(rt.log, past, allProjections, { upTo: midHead });
      assert.equal(dumpAll(past), midDump);
    } finally {
      await rt.dispose();
    }
  });
}

test.run();
