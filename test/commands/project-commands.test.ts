import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { projectDecider, projectStream } from '../../domain/project/index.js';
import { handleCommand } from '../../processes/commands/handle-command.js';
import { decideProject, projectFollowUps, submitProject } from '../../processes/commands/project-commands.js';
import { decideGateItem } from '../../processes/commands/gate-decisions.js';
import { createTask } from '../../processes/commands/task-commands.js';
import { agent, createTestRuntime, human, type TestRuntime } from '../fixtures/test-runtime.js';
import { countAll, eventsOfType, projectInput } from './gate-harness.js';

const test = suite<{ rt: TestRuntime }>('project commands');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
});
test.after.each(async (ctx) => {
  await ctx.rt.dispose();
});

const ok = <T>(r: { _tag: 'Left'; left: { message: string } } | { _tag: 'Right'; right: T }): T => {
  if (r._tag === 'Left') throw new Error(r.left.message);
  return r.right;
};

const submitted = async (rt: TestRuntime, overrides: Record<string, unknown> = {}, projectId?: string) => {
  const r = await submitProject(rt, agent('pm'), projectInput(overrides), projectId ? { projectId } : {});
  if (isLeft(r)) throw new Error(r.left.message);
  return r.right;
};

test('a PM submits a project: pending, ratings clamped, combined rating, and a notice in projects', async ({ rt }) => {
  const p = await submitted(rt, { hunterRating: 12, criticRating: 6 });
  assert.equal([p.hunterRating, p.criticRating, p.combinedRating, p.marketSize, p.submittedBy], [10, 6, 8, 'Medium', 'pm']);
  const posts = await eventsOfType(rt.log, 'PostAdded');
  assert.is(posts.length, 1);
  assert.is(posts[0]!.stream, 'discussion-projects');
  assert.match((posts[0]!.data as { content: string }).content, /NEW PROJECT PROPOSAL: Invoice parser \(⭐ 8\/10\) - \$5000 potential/);
});

test('a project whose title matches a pending one is refused with the existing id', async ({ rt }) => {
  const first = await submitted(rt);
  const again = await submitProject(rt, agent('pm'), projectInput({ title: ' invoice  PARSER ' }));
  assert.ok(isLeft(again) && again.left.code === 'conflict' && again.left.details?.existingProjectId === first.projectId);
});

test('an idea built once is refused where it enters again, by a close title too, naming its project and status; a person revives it with a reason', async ({ rt }) => {
  const first = await submitted(rt, { title: 'Dotenv Linter CLI' });
  ok(await decideProject(rt, human(), { id: first.projectId, decision: 'approve' }));
  const again = await submitProject(rt, agent('pm'), projectInput({ title: 'dotenv-linter tool' }));
  assert.ok(isLeft(again) && again.left.code === 'conflict', JSON.stringify(again));
  assert.equal([again.left.details?.existingProjectId, again.left.details?.existingStatus], [first.projectId, 'approved']);
  const similar = await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'Dotenv File Linter' } });
  assert.ok(isLeft(similar) && similar.left.details?.existingProjectId === first.projectId, JSON.stringify(similar));
  assert.ok(isRight(await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'JSON Linter' } })));
  const byAgent = await submitProject(rt, agent('pm'), projectInput({ title: 'Dotenv Linter', revive: 'again' }));
  assert.ok(isLeft(byAgent) && byAgent.left.code === 'forbidden', JSON.stringify(byAgent));
  const revived = await submitProject(rt, human('ana'), projectInput({ title: 'Dotenv Linter', revive: 'a second edition' }));
  assert.ok(isRight(revived), JSON.stringify(revived));
  const [, second] = await eventsOfType(rt.log, 'ProjectSubmitted');
  assert.equal((second!.data as { revived?: unknown }).revived, { reason: 'a second edition', by: 'ana', of: first.projectId, ofStatus: 'approved' });
});

test('a taken idea’s evaluation: allowDuplicates does not get it in, a person’s revive does and is recorded on the task', async ({ rt }) => {
  const first = await submitted(rt, { title: 'Dotenv Linter CLI' });
  ok(await decideProject(rt, human(), { id: first.projectId, decision: 'approve' }));
  const pushed = await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'Dotenv Linter' }, allowDuplicates: true });
  assert.ok(isLeft(pushed) && pushed.left.code === 'conflict' && pushed.left.details?.existingProjectId === first.projectId, JSON.stringify(pushed));
  const byAgent = await createTask(rt, agent('hunter'), { type: 'evaluate_idea', payload: { title: 'Dotenv Linter' }, revive: 'please' });
  assert.ok(isLeft(byAgent) && byAgent.left.code === 'forbidden' && byAgent.left.field === 'revive', JSON.stringify(byAgent));
  const revived = await createTask(rt, human('ana'), { type: 'evaluate_idea', payload: { title: 'Dotenv Linter' }, revive: 'a second edition' });
  assert.ok(isRight(revived), JSON.stringify(revived));
  const created = (await eventsOfType(rt.log, 'TaskCreated')).find((e) => (e.data as { taskId: string }).taskId === revived.right.taskId);
  assert.equal((created!.data as { revived?: unknown }).revived, { reason: 'a second edition', by: 'ana', of: first.projectId, ofStatus: 'approved' });
});

test('a rejected idea may come back', async ({ rt }) => {
  const first = await submitted(rt, { title: 'Logo kit' });
  ok(await decideProject(rt, human(), { id: first.projectId, decision: 'reject', reason: 'saturated' }));
  assert.ok(isRight(await submitProject(rt, agent('pm'), projectInput({ title: 'Logo kit' }))));
});

test('bad input is refused naming the field, and nothing is appended', async ({ rt }) => {
  const r = await submitProject(rt, agent('pm'), projectInput({ title: '  ' }));
  assert.ok(isLeft(r) && r.left.code === 'invalid' && r.left.field === 'title', JSON.stringify(r));
  const noReason = await decideProject(rt, human(), { id: 'x', decision: 'reject' });
  assert.ok(isLeft(noReason) && noReason.left.field === 'reason', JSON.stringify(noReason));
  assert.is(await countAll(rt.log), 0);
});

test('approving creates exactly one build_product task (priority 8, gated, id derived from the approval)', async ({ rt }) => {
  const p = await submitted(rt);
  const decided = await decideProject(rt, human('ana'), { id: p.projectId, decision: 'approve', note: 'go' });
  if (isLeft(decided)) throw new Error(decided.left.message);
  const [approved] = await eventsOfType(rt.log, 'ProjectApproved');
  const tasks = await eventsOfType(rt.log, 'TaskCreated');
  assert.is(tasks.length, 1);
  const data = tasks[0]!.data as { taskId: string; type: string; priority: number; payload: Record<string, unknown>; gate: unknown; createdBy: string };
  assert.is(data.taskId, rt.followUpId(approved!.id, 'build_product'));
  assert.is(decided.right.buildTaskId, data.taskId);
  assert.equal([data.type, data.priority, data.gate, data.createdBy], ['build_product', 8, { kind: 'project', id: p.projectId }, 'ana']);
  assert.equal(data.payload, {
    project_id: p.projectId,
    title: 'Invoice parser',
    // The project's own folder, named by its id (issue 17).
    files_path: `$SWARM_HOME/projects/${p.projectId}`,
    spec_path: 'data/specs/invoice-parser.md',
    effort_estimate: '2 days',
    max_revenue: '5000',
    differentiation: 'Works offline',
  });
  assert.is(tasks[0]!.metadata.causationId, approved!.id);
});

test('running an approval\'s follow-ups again creates nothing new', async ({ rt }) => {
  const p = await submitted(rt);
  await decideProject(rt, human(), { id: p.projectId, decision: 'approve' });
  const [approved] = await eventsOfType(rt.log, 'ProjectApproved');
  const before = await countAll(rt.log);
  const again = await projectFollowUps(rt, approved!);
  assert.ok(again.every((f) => !f.error), JSON.stringify(again));
  assert.is(await countAll(rt.log), before);
  assert.is((await eventsOfType(rt.log, 'TaskCreated')).length, 1);
});

test('a second decision is refused, and finishes the follow-ups a crash left undone', async ({ rt }) => {
  const p = await submitted(rt);
  // The approval is recorded but the process dies before its follow-ups.
  await handleCommand(rt, projectDecider, projectStream(p.projectId), { type: 'ApproveProject' }, { now: rt.now(), actor: { kind: 'human', id: 'ana' } }, { correlationId: 'c', causationId: 'c' });
  assert.is((await eventsOfType(rt.log, 'TaskCreated')).length, 0);
  const retried = await decideProject(rt, human('ana'), { id: p.projectId, decision: 'approve' });
  assert.ok(isLeft(retried) && retried.left.code === 'conflict', JSON.stringify(retried));
  const retriedAgain = await decideProject(rt, human('bob'), { id: p.projectId, decision: 'reject', reason: 'no' });
  assert.ok(isLeft(retriedAgain) && retriedAgain.left.code === 'conflict');
  const tasks = await eventsOfType(rt.log, 'TaskCreated');
  assert.is(tasks.length, 1);
  assert.is((tasks[0]!.data as { createdBy: string }).createdBy, 'ana');
});

test('an agent may not approve a project, and nothing is appended', async ({ rt }) => {
  const p = await submitted(rt);
  const before = await countAll(rt.log);
  const r = await decideProject(rt, agent('pm'), { id: p.projectId, decision: 'approve' });
  assert.ok(isLeft(r) && r.left.code === 'forbidden');
  assert.is(await countAll(rt.log), before);
});

test('a deferred project is approved later and gets its build task (W-31)', async ({ rt }) => {
  const p = await submitted(rt);
  const deferred = await decideProject(rt, human(), { id: p.projectId, decision: 'defer', note: 'next month' });
  assert.ok(isRight(deferred) && deferred.right.status === 'deferred');
  const approved = await decideProject(rt, human(), { id: p.projectId, decision: 'approve' });
  assert.ok(isRight(approved) && approved.right.status === 'approved' && approved.right.buildTaskId);
  assert.is((await eventsOfType(rt.log, 'TaskCreated')).length, 1);
});

test('a unique id prefix decides one project; an ambiguous one is refused listing the matches (W-26)', async ({ rt }) => {
  await submitted(rt, { title: 'One' }, 'abc-111');
  await submitted(rt, { title: 'Two' }, 'abc-222');
  const ambiguous = await decideGateItem(rt, human(), { id: 'abc', decision: 'approve' });
  assert.ok(isLeft(ambiguous) && ambiguous.left.code === 'invalid' && /abc-111.*abc-222/.test(ambiguous.left.message), JSON.stringify(ambiguous));
  assert.is((await eventsOfType(rt.log, 'ProjectApproved')).length, 0);
  const one = await decideGateItem(rt, human(), { id: 'abc-2', decision: 'reject', reason: 'dull' });
  assert.ok(isRight(one) && one.right.kind === 'project' && one.right.projectId === 'abc-222' && one.right.status === 'rejected');
  const missing = await decideGateItem(rt, human(), { id: 'zzz', decision: 'approve' });
  assert.ok(isLeft(missing) && missing.left.code === 'not_found');
});

test.run();
