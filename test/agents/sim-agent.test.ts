import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createSimDriver, simulatedModel } from '../../agents/drivers/sim-driver.js';
import type { DriverEvent, RunOutcome } from '../../agents/drivers/driver.js';
import { evaluationPayload, ideasForScan, otherIdeas, productIdeas } from '../../agents/sim/idea-catalogue.js';
import { slugOf } from '../../agents/sim/stable-choice.js';
import type { DomainError } from '../../domain/errors.js';
import { decideApproval, requestApproval } from '../../processes/commands/approval-commands.js';
import { postDiscussion } from '../../processes/commands/discussion-commands.js';
import { inbox } from '../../processes/commands/mail-commands.js';
import { decideProject, submitProject } from '../../processes/commands/project-commands.js';
import { castVote, createProposal, listProposals } from '../../processes/commands/proposal-commands.js';
import { claimTask, createTask, resolveTask } from '../../processes/commands/task-commands.js';
import { listApprovals, listProjects, takenIdeas } from '../../projections/approvals/queries.js';
import { buildRunPrompt, knownIdeaTitles } from '../../agents/prompt-builder.js';
import { knownIdeasEnv, knownIdeasOf } from '../../agents/sim/known-ideas.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { listTasks } from '../../projections/tasks/queries.js';
import { taskBoard } from '../../projections/tasks/task-board.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import { buildOnce } from '../cli/collaboration-cli.js';
import { agent, createTestRuntime, human, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { startTestContainment, type TestContainment } from '../fixtures/containment.js';
import type { RunSandbox } from '../../agents/sandbox/run-sandbox.js';

/** One agent endpoint and sandbox per test runtime, as `swarm up` has one (closed when the runtime is disposed). */
const containments = new Map<TestRuntime, Promise<TestContainment>>();
const containmentOf = (rt: TestRuntime): Promise<TestContainment> => {
  let c = containments.get(rt);
  if (!c) {
    c = startTestContainment(rt, rt.dir);
    containments.set(rt, c);
    const dispose = rt.dispose.bind(rt);
    (rt as { dispose: () => Promise<void> }).dispose = async () => {
      await (await c!).close();
      containments.delete(rt);
      await dispose();
    };
  }
  return c;
};

/** For the tests of process handling: the program runs as given (no sandbox, nothing added to its environment). */
const passThrough: RunSandbox = { mode: 'none', wrap: (program) => program };

const ok = <A>(e: Either<DomainError, A>): A => {
  if (isLeft(e)) throw new Error(`${e.left.code}: ${e.left.message}`);
  return e.right;
};

interface SimRun {
  readonly outcome: RunOutcome;
  readonly events: DriverEvent[];
  readonly task: TaskView;
  readonly logPath: string;
}

let runCount = 0;

/** Claims `taskId` for `name` (as the dispatcher would) and runs the simulated agent on it through the sim driver. */
const runAgent = async (rt: TestRuntime, name: string, taskId: string, prompt?: string): Promise<SimRun> => {
  const task = ok(await resolveTask(rt, taskId));
  const claimed = ok(await claimTask(rt, agent(name), { agent: name, types: [task.type] }));
  if (claimed.status !== 'claimed' || claimed.task.id !== taskId) throw new Error(`expected ${name} to claim ${taskId}, got ${JSON.stringify(claimed)}`);
  const runId = `run-${++runCount}`;
  const logPath = join(rt.dir, 'runs', `${runId}.log`);
  const events: DriverEvent[] = [];
  const workspace = join(rt.dir, 'workspaces', runId);
  const contained = (await containmentOf(rt)).forRun(
    { agent: name, runId, taskId, claimGeneration: claimed.task.generation, correlationId: task.correlationId },
    workspace,
  );
  const outcome = await createSimDriver().run(
    {
      runId,
      agent: name,
      role: name.replace(/-.*/, ''),
      model: simulatedModel,
      prompt: prompt ?? `You are ${name}. Task ${taskId} (${task.type}).`,
      workspace,
      env: {
        PATH: `${process.cwd()}/cli/bin:${process.env.PATH ?? ''}`,
        SWARM_HOME: rt.dir,
        ...contained.env,
      },
      logPath,
      signal: new AbortController().signal,
      sandbox: contained.sandbox,
    },
    (e) => events.push(e),
  );
  return { outcome, events, task: ok(await resolveTask(rt, taskId)), logPath };
};

const tasksOfType = async (rt: TestRuntime, type: string): Promise<TaskView[]> =>
  listTasks(await freshReader(rt.log, rt.projections, taskBoard), { type, limit: 100 });

const newTask = async (rt: TestRuntime, type: string, payload: Record<string, unknown>, assignedTo?: string): Promise<string> =>
  ok(await createTask(rt, system(), { type, payload, ...(assignedTo ? { assignedTo } : {}) })).taskId;

const viable = productIdeas[0]!;
const service = otherIdeas.find((i) => /managed/i.test(i.title))!;

// ---------------------------------------------------------------------------------------------------------------

const roles = suite('simulated agent: roles');
let rt: TestRuntime;
roles.before(() => buildOnce());
roles.before.each(() => {
  rt = createTestRuntime();
});
roles.after.each(async () => {
  await rt.dispose();
});

roles('hunter sends each viable idea of its scan to the critic and completes with their titles', async () => {
  const id = await newTask(rt, 'scan_platform', { platform: 'local' });
  const run = await runAgent(rt, 'hunter', id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  assert.is(run.task.status, 'completed');
  const evaluations = await tasksOfType(rt, 'evaluate_idea');
  const titles = (run.task.result as { ideas: string[] }).ideas;
  assert.equal(evaluations.map((t) => t.payload.title).sort(), [...titles].sort());
  const [product] = ideasForScan('local'); // a scan of a named platform always finds the same ideas
  const forProduct = evaluations.find((t) => t.payload.title === product!.title)!;
  assert.is(forProduct.assignedTo, 'critic');
  assert.is(forProduct.priority, 7);
  for (const field of ['title', 'pitch', 'hunter_rating', 'max_revenue', 'market_size', 'description', 'effort_estimate', 'target_buyer', 'competition', 'differentiation', 'source'])
    assert.ok(field in forProduct.payload, `payload has ${field}`);
  assert.ok(run.events.some((e) => e.kind === 'tool' && e.name === 'swarm memory'), 'records a discovery memory');
  assert.ok(run.events.some((e) => e.kind === 'tool' && e.name === 'claude-swarm discuss'), 'posts to the discussion');
});

roles('hunter passes over an idea the swarm already has (listed in its prompt) for another from the catalogue', async () => {
  const [taken] = ideasForScan('local');
  // The idea becomes a project waiting for a person: the swarm has it.
  ok(
    await submitProject(rt, agent('pm'), {
      title: taken!.title, hunterPitch: taken!.pitch, hunterRating: 7, maxRevenueEstimate: taken!.maxRevenue, criticEvaluation: 'green',
      criticRating: 7, cons: 'niche', differentiation: taken!.differentiation, specPath: join(rt.dir, 'specs', 'x.md'), effortEstimate: '2 hours',
    }),
  );
  const id = await newTask(rt, 'scan_platform', { platform: 'local' });
  const task = ok(await resolveTask(rt, id));
  // The prompt a run gets (agents/prompt-builder.ts), with the swarm's taken ideas as the dispatcher lists them.
  const knownIdeas = takenIdeas(await freshReader(rt.log, rt.projections, approvalsProjection));
  assert.ok(knownIdeas.some((i) => i.title === taken!.title), 'the project is a known idea');
  const prompt = buildRunPrompt({ role: 'hunter', task: { id, type: task.type, priority: task.priority, payload: task.payload }, unreadMail: [], memories: [], knownIdeas, now: rt.now() }).text;
  const run = await runAgent(rt, 'hunter', id, prompt);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  const titles = (await tasksOfType(rt, 'evaluate_idea')).map((t) => String(t.payload.title));
  assert.ok(!titles.includes(taken!.title), `not proposed again: ${titles.join(', ')}`);
  const [instead] = ideasForScan('local', [taken!.title]);
  assert.ok(instead && instead.title !== taken!.title && productIdeas.includes(instead), 'another product idea instead');
  assert.ok(titles.includes(instead!.title), `${instead!.title} proposed: ${titles.join(', ')}`);
  assert.equal((run.task.result as { ideas: string[] }).ideas.sort(), [...titles].sort());
});

roles('the known ideas of a prompt reach the simulated agent: titles parsed from the section the prompt builder writes', () => {
  const text = buildRunPrompt({
    role: 'hunter', task: { id: 't1', type: 'scan_platform', priority: 5, payload: {} }, unreadMail: [], memories: [], now: '2026-12-05T00:00:00.000Z',
    knownIdeas: [{ projectId: 'p1', title: 'Dotenv Linter — strict edition', status: 'approved' }, { projectId: 'p2', title: 'Cron Explainer', status: 'pending' }],
  }).text;
  assert.equal(knownIdeaTitles(text), ['Dotenv Linter — strict edition', 'Cron Explainer']);
  assert.equal(knownIdeasOf(knownIdeasEnv(text)), ['Dotenv Linter — strict edition', 'Cron Explainer']);
  assert.equal(knownIdeasEnv('no such section'), {});
  // A title like a known one counts as known: the refusal's rule (plurals, generic words, case).
  assert.ok(!ideasForScan('local', ['  ' + ideasForScan('local')[0]!.title.toUpperCase() + ' tool']).some((i) => i.title === ideasForScan('local')[0]!.title));
});

roles('the same scan task always turns up the same ideas', () => {
  assert.equal(ideasForScan('task-a'), ideasForScan('task-a'));
  const seen = new Set(Array.from({ length: 40 }, (_, i) => ideasForScan(`t${i}`)[0]!.title));
  assert.ok(seen.size > 1, 'different tasks find different products');
});

roles('critic approves a product idea: a write_spec task for pm carries the critic fields', async () => {
  const id = await newTask(rt, 'evaluate_idea', evaluationPayload(viable), 'critic');
  const run = await runAgent(rt, 'critic', id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  const result = run.task.result as { decision: string; score: number; routed_to: string };
  assert.is(result.decision, 'APPROVED');
  assert.is(result.routed_to, 'pm');
  const [spec] = await tasksOfType(rt, 'write_spec');
  assert.ok(spec, 'a write_spec task exists');
  assert.is(spec!.assignedTo, 'pm');
  assert.is(spec!.payload.title, viable.title);
  assert.is(spec!.payload.approved_by, 'critic');
  assert.is(spec!.payload.critic_rating, result.score);
  for (const field of ['critic_evaluation', 'cons', 'differentiation', 'target_users']) assert.type(spec!.payload[field], 'string', field);
  assert.ok(existsSync(join(rt.dir, 'evaluations')), 'writes an evaluation file');
});

roles('critic rejects a managed-service idea and tells the hunter why', async () => {
  const id = await newTask(rt, 'evaluate_idea', evaluationPayload(service), 'critic');
  const run = await runAgent(rt, 'critic', id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  const result = run.task.result as { decision: string; reason: string };
  assert.is(result.decision, 'REJECTED');
  assert.match(result.reason, /service/);
  assert.is((await tasksOfType(rt, 'write_spec')).length, 0);
  const [mail] = await inbox(rt, 'hunter');
  assert.is(mail?.type, 'idea_rejected');
  assert.is(mail?.from, 'critic');
  assert.is((mail?.payload as { title?: string }).title, service.title);
});

roles('pm writes a spec with the template sections and submits the project for a human', async () => {
  const id = await newTask(rt, 'write_spec', { ...evaluationPayload(viable), critic_evaluation: 'solid', critic_rating: 7, cons: 'niche', target_users: 'writers', approved_by: 'critic' }, 'pm');
  const run = await runAgent(rt, 'pm', id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  const result = run.task.result as { spec_path: string; project_id: string };
  // The swarm named the project after the write_spec task and gave the spec's path: the project's own, not the name's.
  assert.is(result.project_id, id);
  assert.is(result.spec_path, join(rt.dir, 'specs', `${id}.md`));
  const spec = readFileSync(result.spec_path, 'utf8');
  for (const section of ['Overview', 'Problem', 'Target Users', 'Requirements', 'User Stories', 'Acceptance Criteria', 'Technical Spec', 'Out of Scope', 'Success Metrics', 'Competitive Analysis', 'Open Questions', 'References', 'Appendix'])
    assert.match(spec, `## ${section}\n`, section);
  const [project] = listProjects(await freshReader(rt.log, rt.projections, approvalsProjection), { status: 'pending' });
  assert.is(project?.id, result.project_id);
  assert.is(project?.title, viable.title);
});

roles('support completes offline with nothing checked', async () => {
  const id = await newTask(rt, 'monitor_github', {}, 'support');
  const run = await runAgent(rt, 'support', id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  assert.equal(run.task.result, { checked: 0, reason: 'GitHub not configured' });
});

roles('liaison answers the newest human post in human_chat, quoting it', async () => {
  ok(await postDiscussion(rt, human('ana'), { topic: 'human_chat', content: 'How is the TOC tool going?' }));
  const id = await newTask(rt, 'respond_to_human', {}, 'liaison');
  const run = await runAgent(rt, 'liaison', id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  const events: string[] = [];
  for await (const e of rt.log.readAll({ filter: { streamPrefixes: ['discussion-human_chat'] } })) events.push(JSON.stringify(e.data));
  assert.is(events.length, 2);
  assert.match(events[1]!, 'You said: \\"How is the TOC tool going?\\"');
});

roles('a directive is acknowledged in the directive topic by the agent it is addressed to, quoting it, whatever the chat said', async () => {
  ok(await postDiscussion(rt, human('ana'), { topic: 'human_chat', content: 'What is the status?' }));
  for (const to of ['liaison', 'hunter']) {
    const id = await newTask(rt, 'directive', { instruction: `Scan itch.io for game-jam tools (${to})`, from: 'ana', urgent: true }, to);
    const run = await runAgent(rt, to, id);
    assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
    assert.is((run.task.result as { acknowledged?: string }).acknowledged, `Scan itch.io for game-jam tools (${to})`);
  }
  const posts: string[] = [];
  for await (const e of rt.log.readAll({ filter: { streamPrefixes: ['discussion-directive'] } })) posts.push(String((e.data as { content?: string }).content));
  assert.equal(posts.filter((p) => p.startsWith('Directive received')).length, 2);
  assert.match(posts.join('\n'), 'Directive received: "Scan itch.io for game-jam tools (hunter)"');
});

roles('meta implements the approved proposal its task names', async () => {
  const { proposalId } = ok(await createProposal(rt, agent('hunter'), { type: 'new_skill', title: 'Learn CSV', description: 'Add CSV skills' }));
  let taskId: string | undefined;
  for (const voter of ['critic', 'pm', 'builder']) taskId = ok(await castVote(rt, agent(voter), { proposalId, vote: 'for' })).implementationTaskId ?? taskId;
  assert.ok(taskId, 'the approval created an implement_proposal task');
  const run = await runAgent(rt, 'meta', taskId!);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  assert.is((run.task.result as { implemented: string }).implemented, proposalId);
  assert.is((await listProposals(rt, { status: 'approved' })).length, 0, 'no approved proposal is left unimplemented');
});

roles.run();

// ---------------------------------------------------------------------------------------------------------------

const pipeline = suite('simulated agent: build, review, test/fix loop, approval, publish');
const p: { rt?: TestRuntime; dir?: string; approvalId?: string; projectId?: string } = {};
const prt = () => p.rt!;
pipeline.before(async () => {
  buildOnce();
  p.rt = createTestRuntime();
  const project = ok(
    await submitProject(prt(), agent('pm'), {
      title: viable.title,
      hunterPitch: viable.pitch,
      hunterRating: 7,
      maxRevenueEstimate: viable.maxRevenue,
      criticEvaluation: 'all green',
      criticRating: 7,
      cons: 'niche',
      differentiation: viable.differentiation,
      specPath: join(prt().dir, 'specs', `${slugOf(viable.title)}.md`),
      effortEstimate: viable.effortEstimate,
    }),
  );
  ok(await decideProject(prt(), human(), { id: project.projectId, decision: 'approve' }));
  // Every project is its own: its folder is named by the project, given in the build task (issue 17).
  p.projectId = project.projectId;
  p.dir = join(prt().dir, 'projects', project.projectId);
});
pipeline.after(async () => {
  await p.rt?.dispose();
});

pipeline('builder writes the product with its own test, and asks for a review', async () => {
  const [build] = await tasksOfType(prt(), 'build_product');
  const run = await runAgent(prt(), 'builder', build!.id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  assert.equal(run.task.result, { path: p.dir });
  for (const file of ['package.json', 'README.md', 'lib/toc.mjs', 'test/toc.test.mjs', `bin/${slugOf(viable.title)}.mjs`]) assert.ok(existsSync(join(p.dir!, file)), file);
  const [review] = await tasksOfType(prt(), 'code_review');
  assert.is(review?.assignedTo, 'reviewer');
  assert.is(review?.payload.path, p.dir);
  assert.is(review?.payload.project_id, p.projectId);
});

pipeline('reviewer approves a complete product and hands it to the tester', async () => {
  const [review] = await tasksOfType(prt(), 'code_review');
  const run = await runAgent(prt(), 'reviewer', review!.id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  assert.equal(run.task.result, { verdict: 'APPROVED' });
  assert.match(readFileSync(join(p.dir!, 'REVIEW_REPORT.md'), 'utf8'), 'Status: APPROVED');
  assert.is((await tasksOfType(prt(), 'test_product'))[0]?.assignedTo, 'tester');
});

pipeline('tester: the first build fails its own test, so a fix_product goes to the builder', async () => {
  const [test] = await tasksOfType(prt(), 'test_product');
  const run = await runAgent(prt(), 'tester', test!.id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  assert.is((run.task.result as { result: string }).result, 'FAIL');
  const report = readFileSync(join(p.dir!, 'TEST_REPORT.md'), 'utf8');
  for (const part of ['## 1. Build Verification', '## 2. Functional Testing', '## 3. Customer Experience', '## Acceptance Criteria', 'Result: FAIL']) assert.match(report, part);
  const [fix] = await tasksOfType(prt(), 'fix_product');
  assert.is(fix?.assignedTo, 'builder');
  assert.is(fix?.priority, 9);
  assert.ok((fix?.payload.issues as string[]).some((i) => /top heading level/.test(i)), 'names the failing test');
  assert.is(listApprovals(await freshReader(prt().log, prt().projections, approvalsProjection), {}).length, 0);
});

pipeline('builder fixes the product and sends it straight back to the tester', async () => {
  const [fix] = await tasksOfType(prt(), 'fix_product');
  const run = await runAgent(prt(), 'builder', fix!.id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  const retest = (await tasksOfType(prt(), 'test_product')).find((t) => t.status === 'pending');
  assert.is(retest?.payload.retest, true);
  assert.is(retest?.priority, 9);
});

pipeline('tester: the second round passes and asks the humans for approval', async () => {
  const retest = (await tasksOfType(prt(), 'test_product')).find((t) => t.status === 'pending')!;
  const run = await runAgent(prt(), 'tester', retest.id);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  assert.is((run.task.result as { result: string }).result, 'PASS');
  assert.match(readFileSync(join(p.dir!, 'TEST_REPORT.md'), 'utf8'), 'Result: PASS');
  const [approval] = listApprovals(await freshReader(prt().log, prt().projections, approvalsProjection), { status: 'pending' });
  assert.is(approval?.productName, viable.title);
  assert.is(approval?.filesPath, p.dir);
  assert.is(approval?.submittedBy, 'tester');
  assert.is(approval?.projectId, p.projectId);
  assert.is(approval?.testStatus, 'pass');
  assert.is(approval?.platform, 'local', 'no directive and no platform in the task: local');
  p.approvalId = approval?.id;
});

pipeline('publisher verifies the approval, copies the product to downloads and completes with its url', async () => {
  const decided = ok(await decideApproval(prt(), human(), { id: p.approvalId!, decision: 'approve' }));
  const run = await runAgent(prt(), 'publisher', decided.publishTaskId!);
  assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
  assert.is(run.task.status, 'completed');
  const downloads = join(prt().dir, 'downloads', p.projectId!);
  assert.ok(existsSync(join(downloads, 'lib', 'toc.mjs')));
  assert.equal(run.task.result, { deployed_to: 'local', url: `file://${downloads}`, approval_id: p.approvalId });
  assert.ok(run.events.some((e) => e.kind === 'tool' && e.name === 'claude-tasks verify-publish'));
});

pipeline('every run reports its CLI calls as tool events and zero-cost simulated usage, and logs its output', async () => {
  const id = await newTask(prt(), 'monitor_github', {}, 'support');
  const run = await runAgent(prt(), 'support', id);
  const usage = run.events.filter((e) => e.kind === 'usage');
  assert.is(usage.length, 1);
  assert.equal(usage[0], { kind: 'usage', inputTokens: run.outcome.inputTokens, outputTokens: run.outcome.outputTokens, costUsd: 0, model: simulatedModel });
  assert.ok(run.outcome.inputTokens > 0 && run.outcome.outputTokens > 0);
  assert.is(run.outcome.costUsd, 0);
  assert.ok(run.events.some((e) => e.kind === 'tool' && e.name === 'claude-tasks complete'));
  assert.match(readFileSync(run.logPath, 'utf8'), '"kind":"tool"');
});

pipeline.run();

// ---------------------------------------------------------------------------------------------------------------

const capped = suite('simulated agent: fix loops (the cap, a human rejection)');

capped('past the fix-round cap the tester sends the failing product to a human with its history', async () => {
  buildOnce();
  // The swarm's own settings govern what the run's commands may do (the agent endpoint applies them): one fix round.
  const rt = createTestRuntime({ maxFixRounds: 1 });
  try {
    const project = ok(
      await submitProject(rt, agent('pm'), {
        title: viable.title, hunterPitch: viable.pitch, hunterRating: 7, maxRevenueEstimate: viable.maxRevenue, criticEvaluation: 'green',
        criticRating: 7, cons: 'niche', differentiation: viable.differentiation, specPath: join(rt.dir, 'specs', 'x.md'), effortEstimate: '2 hours',
      }),
    );
    const buildTaskId = ok(await decideProject(rt, human(), { id: project.projectId, decision: 'approve' })).buildTaskId!;
    await runAgent(rt, 'builder', buildTaskId);
    const dir = join(rt.dir, 'projects', project.projectId);
    const keys = { product: viable.title, path: dir, project_id: project.projectId };
    const first = await runAgent(rt, 'tester', await newTask(rt, 'test_product', keys, 'tester'));
    assert.is((first.task.result as { result: string }).result, 'FAIL');
    assert.is((await tasksOfType(rt, 'fix_product')).length, 1);
    const second = await runAgent(rt, 'tester', await newTask(rt, 'test_product', { ...keys, retest: true }, 'tester'));
    assert.is(second.outcome.outcome, 'completed', second.outcome.reason);
    const result = second.task.result as { result: string; escalated_to_human?: string };
    assert.is(result.result, 'FAIL');
    assert.is((await tasksOfType(rt, 'fix_product')).length, 1, 'no second fix round');
    const [approval] = listApprovals(await freshReader(rt.log, rt.projections, approvalsProjection), { status: 'pending' });
    assert.is(approval?.id, result.escalated_to_human);
    assert.match(approval?.description ?? '', 'maximum number of fix rounds');
    // The card says the tests fail; approving it needs an override with a note.
    assert.is(approval?.testStatus, 'fail');
    assert.is(approval?.projectId, project.projectId);
    const plain = await decideApproval(rt, human(), { id: approval!.id, decision: 'approve' });
    assert.is(plain._tag === 'Left' && plain.left.field, 'overrideTests');

    // A second project of the same name (a person revived the idea on purpose) has its own folder and its own count.
    const again = ok(
      await submitProject(rt, human('ana'), {
        title: viable.title, hunterPitch: viable.pitch, hunterRating: 7, maxRevenueEstimate: viable.maxRevenue, criticEvaluation: 'green',
        criticRating: 7, cons: 'niche', differentiation: viable.differentiation, specPath: join(rt.dir, 'specs', 'y.md'), effortEstimate: '2 hours',
        revive: 'a second edition for another market',
      }),
    );
    const secondBuild = ok(await decideProject(rt, human(), { id: again.projectId, decision: 'approve' })).buildTaskId!;
    const built = await runAgent(rt, 'builder', secondBuild);
    const secondDir = join(rt.dir, 'projects', again.projectId);
    assert.equal(built.task.result, { path: secondDir });
    assert.is.not(secondDir, dir);
    const third = await runAgent(rt, 'tester', await newTask(rt, 'test_product', { product: viable.title, path: secondDir, project_id: again.projectId }, 'tester'));
    assert.is((third.task.result as { result: string }).result, 'FAIL');
    assert.is((await tasksOfType(rt, 'fix_product')).length, 2, 'the second project starts its own fix rounds');
  } finally {
    await rt.dispose();
  }
});

capped('a human rejection reaches the builder, who fixes the product and sends it back to the tester', async () => {
  buildOnce();
  const rt = createTestRuntime();
  try {
    const dir = join(rt.dir, 'projects', slugOf(viable.title));
    const requested = ok(
      await requestApproval(rt, agent('tester'), { productName: viable.title, productType: 'product', platform: 'local', description: 'd', filesPath: dir, submittedBy: 'tester' }),
    );
    const fixTaskId = ok(await decideApproval(rt, human(), { id: requested.approvalId, decision: 'reject', reason: 'the README has no screenshots' })).fixTaskId!;
    const run = await runAgent(rt, 'builder', fixTaskId);
    assert.is(run.outcome.outcome, 'completed', run.outcome.reason);
    assert.match(readFileSync(join(dir, 'FIXES.md'), 'utf8'), 'the README has no screenshots');
    const [retest] = await tasksOfType(rt, 'test_product');
    assert.equal(retest?.payload, { product: viable.title, path: dir, retest: true });
  } finally {
    await rt.dispose();
  }
});

capped.run();

// ---------------------------------------------------------------------------------------------------------------

const driver = suite('sim driver: the process');
const scratch = () => mkdtempSync(join(tmpdir(), 'swarmlog-sim-'));
const request = (dir: string, signal: AbortSignal, env: Record<string, string> = { PATH: process.env.PATH ?? '' }) => ({
  runId: 'r1',
  agent: 'support',
  role: 'support',
  model: simulatedModel,
  prompt: 'p',
  workspace: join(dir, 'ws'),
  env,
  logPath: join(dir, 'run.log'),
  signal,
  sandbox: passThrough,
});

driver('aborting the signal stops the run', async () => {
  const dir = scratch();
  const program = join(dir, 'hang.mjs');
  writeFileSync(program, `console.log(JSON.stringify({ kind: 'progress', note: 'working' })); setInterval(() => {}, 1000);\n`);
  const controller = new AbortController();
  const events: DriverEvent[] = [];
  const running = createSimDriver({ program, killGraceMs: 500 }).run(request(dir, controller.signal), (e) => {
    events.push(e);
    if (e.kind === 'progress') controller.abort();
  });
  const outcome = await running;
  assert.is(outcome.outcome, 'stopped');
  assert.ok(outcome.durationMs < 5_000);
});

driver('the child sees only the request env', async () => {
  const dir = scratch();
  const program = join(dir, 'env.mjs');
  writeFileSync(program, `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(join(dir, 'env.json'))}, JSON.stringify(process.env));\n`);
  const env = { PATH: process.env.PATH ?? '', SWARM_AGENT: 'support', SWARM_HOME: dir, ONLY_THIS: '1' };
  process.env.SWARM_SIM_TEST_LEAK = 'leaked';
  const outcome = await createSimDriver({ program }).run(request(dir, new AbortController().signal, env), () => {});
  delete process.env.SWARM_SIM_TEST_LEAK;
  assert.is(outcome.outcome, 'completed');
  assert.equal(JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')), env);
});

driver('a program that dies without reporting is a crash, with its stderr as the reason', async () => {
  const dir = scratch();
  const program = join(dir, 'crash.mjs');
  writeFileSync(program, `process.stderr.write('boom\\n'); process.exit(7);\n`);
  const outcome = await createSimDriver({ program }).run(request(dir, new AbortController().signal), () => {});
  assert.is(outcome.outcome, 'crashed');
  assert.is(outcome.exitCode, 7);
  assert.match(outcome.reason ?? '', 'boom');
});

driver('the simulated agent without a task fails the run with its reason', async () => {
  buildOnce();
  const dir = scratch();
  const outcome = await createSimDriver().run(request(dir, new AbortController().signal), () => {});
  assert.is(outcome.outcome, 'failed');
  assert.match(outcome.reason ?? '', 'SWARM_AGENT');
});

driver.run();
