// Every process manager is idempotent: delivering every event twice and restarting the managers at random points
// leaves exactly the log an undisturbed run leaves.
import { isRight } from 'fp-ts/lib/Either.js';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { approvalDecider, approvalStream } from '../../domain/approval/index.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { projectDecider, projectStream } from '../../domain/project/index.js';
import { proposalDecider, proposalStream } from '../../domain/proposal/index.js';
import { followUpEventId, newEventId } from '../../infra/log/event-ids.js';
import { createLogNotifier } from '../../infra/notifications/log-notifier.js';
import { createSqliteProjectionStore } from '../../infra/projections/sqlite-projection-store.js';
import { decideApproval, requestApproval } from '../../processes/commands/approval-commands.js';
import { setBudget } from '../../processes/commands/budget-commands.js';
import { handleCommand } from '../../processes/commands/handle-command.js';
import { submitProject } from '../../processes/commands/project-commands.js';
import { createProposal } from '../../processes/commands/proposal-commands.js';
import { recordTokens, startRun } from '../../processes/commands/run-commands.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import { claimTask, completeTask, createTask, failTask } from '../../processes/commands/task-commands.js';
import type { ProcessManager } from '../../processes/engine/process-manager.js';
import { reactTo } from '../../processes/engine/run-process-managers.js';
import { notificationsProcess } from '../../processes/notifications/notifications-process.js';
import { budgetGuard } from '../../processes/pipeline/budget-guard.js';
import { pipelineManager } from '../../processes/pipeline/pipeline-manager.js';
import { allProjections } from '../../projections/all-projections.js';
import { catchUp } from '../../projections/engine/catch-up.js';
import { agent, defaultSettings, human } from '../fixtures/test-runtime.js';
import { storeCases, type LogPlace } from '../fixtures/store-cases.js';

const now = '2026-11-24T10:00:00.000Z';
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const managers: ProcessManager[] = [pipelineManager, budgetGuard, notificationsProcess(createLogNotifier(quiet), { log: quiet })];

const runtimeOn = (place: LogPlace, name: string): SwarmRuntime => ({
  log: place.openLog(),
  projections: createSqliteProjectionStore(join(place.dir, `${name}.projections.db`)),
  settings: defaultSettings,
  now: () => now,
  newEventId,
  newId: newEventId,
  followUpId: followUpEventId,
});

const ok = <A>(e: { _tag: string; right?: A; left?: { message: string } }): A => {
  if (!isRight(e as never)) throw new Error(e.left!.message);
  return e.right as A;
};

/** Decisions recorded without their follow-ups, as if the process that recorded them died at once. */
const history = async (rt: SwarmRuntime) => {
  const origin = (id: string) => ({ correlationId: id, causationId: id });
  const project = ok(
    await submitProject(rt, agent('pm'), {
      title: 'Invoice Kit',
      hunterPitch: 'p',
      hunterRating: 7,
      maxRevenueEstimate: '$500',
      criticEvaluation: 'e',
      criticRating: 8,
      cons: 'c',
      differentiation: 'd',
      specPath: '/specs/invoice-kit.md',
      effortEstimate: '2 days',
    }),
  ) as { projectId: string };
  ok(await handleCommand(rt, projectDecider, projectStream(project.projectId), { type: 'ApproveProject', note: 'go' }, { now, actor: human().actor }, origin(project.projectId)));
  const granted = ok(await requestApproval(rt, agent('tester'), { productName: 'Kit A', productType: 'product', platform: 'local', description: 'd', filesPath: '/p/a', price: 5 })) as { approvalId: string };
  ok(await handleCommand(rt, approvalDecider, approvalStream(granted.approvalId), { type: 'GrantApproval' }, { now, actor: human().actor }, origin(granted.approvalId)));
  const rejected = ok(await requestApproval(rt, agent('tester'), { productName: 'Kit B', productType: 'product', platform: 'local', description: 'd', filesPath: '/p/b', price: 5 })) as { approvalId: string };
  ok(await handleCommand(rt, approvalDecider, approvalStream(rejected.approvalId), { type: 'RejectApproval', reason: 'README is empty' }, { now, actor: human().actor }, origin(rejected.approvalId)));
  const published = ok(await requestApproval(rt, agent('tester'), { productName: 'Kit C', productType: 'product', platform: 'local', description: 'd', filesPath: '/p/c', price: 5 })) as { approvalId: string };
  ok(await decideApproval(rt, human(), { id: published.approvalId, decision: 'approve' }));
  const claimed = ok(await claimTask(rt, agent('publisher'), { agent: 'publisher', types: ['publish'] })) as { status: string; task: { id: string; payload: Record<string, unknown> } };
  ok(await completeTask(rt, agent('publisher'), { taskId: claimed.task.id, agent: 'publisher', result: { url: 'file:///downloads/kit-c' } }));
  const proposal = ok(await createProposal(rt, agent('hunter'), { type: 'new_skill', title: 'Scraping', description: 'learn it' })) as { proposalId: string };
  for (const voter of ['critic', 'pm', 'builder'])
    ok(await handleCommand(rt, proposalDecider, proposalStream(proposal.proposalId), { type: 'CastVote', proposalId: proposal.proposalId, vote: 'for' }, { now, actor: agent(voter).actor, quorum: 3, threshold: 0.6, proposalExpiryHours: 72 }, origin(proposal.proposalId)));
  ok(await setBudget(rt, human(), { scope: 'hunter', dailyTokens: 1000 }));
  ok(await startRun(rt, { ...agent('hunter'), runId: 'run-1' }, { runId: 'run-1', agent: 'hunter', driver: 'sim', model: 'simulated', promptHash: 'h', promptPath: '/p', logPath: '/l' }));
  ok(await recordTokens(rt, { ...agent('hunter'), runId: 'run-1' }, { runId: 'run-1', inputTokens: 1500, outputTokens: 100, costUsd: 0.02 }));
  const doomed = ok(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'doomed' } })) as { taskId: string };
  ok(await claimTask(rt, agent('critic'), { agent: 'critic' }));
  ok(await failTask(rt, agent('critic'), { taskId: doomed.taskId, agent: 'critic', reason: 'not viable' }));
};

/** Runs every manager over the whole log until nothing new appears; optionally delivering twice and restarting. */
const runManagers = async (place: LogPlace, options: { twice: boolean; random?: () => number }) => {
  let n = 0;
  let rt = runtimeOn(place, `pm-${n}`);
  const restart = async () => {
    rt.projections.close();
    await rt.log.close();
    rt = runtimeOn(place, `pm-${++n}`); // a fresh process: read models rebuilt, only saved checkpoints remembered
  };
  let restarts = 0;
  for (let quiet = false; !quiet; ) {
    quiet = true;
    for (const manager of managers) {
      const name = `pm-${manager.name}`;
      const from = (await rt.log.checkpoints.load(name)) ?? 0;
      const events: RecordedEvent[] = [];
      for await (const e of rt.log.readAll({ fromPosition: from, filter: { eventTypes: manager.eventTypes } })) events.push(e);
      for (const event of events) {
        quiet = false;
        await catchUp(rt.log, rt.projections, allProjections);
        await reactTo(manager, event, rt);
        if (options.twice) await reactTo(manager, event, rt);
        // A crash may come before the checkpoint is saved: the event is then delivered again after the restart.
        if (!options.random || options.random() < 0.6) await rt.log.checkpoints.save(name, event.position);
        if (options.random && options.random() < 0.2) {
          restarts++;
          await restart();
          break;
        }
      }
    }
  }
  const events: RecordedEvent[] = [];
  for await (const e of rt.log.readAll({ fromPosition: 0 })) events.push(e);
  rt.projections.close();
  await rt.log.close();
  return { events, restarts };
};

const seeded = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

for (const store of storeCases) test(`delivering every event twice and restarting the managers at random points leaves the same log as an undisturbed run (${store.name})`, async () => {
  const [base, calm, rough] = [await store.place(), await store.place(), await store.place()];
  try {
    const rt = runtimeOn(base, 'base');
    await history(rt);
    const recorded: RecordedEvent[] = [];
    for await (const e of rt.log.readAll({ fromPosition: 0 })) recorded.push(e);
    rt.projections.close();
    await rt.log.close();
    // The same history, event for event (same ids), in two logs.
    for (const place of [calm, rough]) {
      const log = place.openLog();
      for (const e of recorded) await log.append(e.stream, [{ id: e.id, type: e.type, data: e.data, metadata: e.metadata }], { expectedRevision: 'any' });
      await log.close();
    }
    const undisturbed = await runManagers(calm, { twice: false });
    const disturbed = await runManagers(rough, { twice: true, random: seeded(7) });
    assert.ok(disturbed.restarts >= 3, `the managers were restarted (${disturbed.restarts} times)`);
    const added = (events: RecordedEvent[]) => events.slice(recorded.length).map((e) => `${e.stream}|${e.type}|${JSON.stringify(e.data)}`).sort();
    const calmAdded = added(undisturbed.events);
    for (const type of ['TaskCreated', 'MessageSent', 'PostAdded', 'ProductPublished', 'BudgetExhausted', 'NotificationRaised'])
      assert.ok(calmAdded.some((line) => line.includes(`|${type}|`)), `the managers reacted with ${type}`);
    assert.equal(added(disturbed.events), calmAdded);
    // Follow-ups carry ids derived from their cause, so even the ids agree. Notifications are the exception by
    // design: each is claimed once with a fresh id, so that of two instances only one sends it.
    const ids = (events: RecordedEvent[]) => events.slice(recorded.length).filter((e) => e.type !== 'NotificationRaised').map((e) => e.id).sort();
    assert.equal(ids(disturbed.events), ids(undisturbed.events));
  } finally {
    for (const place of [base, calm, rough]) await place.dispose();
  }
});

test.run();
