import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { approvalFollowUps, decideApproval, markPublished, requestApproval, verifyPublish } from '../../processes/commands/approval-commands.js';
import { claimTask, completeTask, createTask } from '../../processes/commands/task-commands.js';
import { agent, createTestRuntime, human, system, type TestRuntime } from '../fixtures/test-runtime.js';
import { countAll, eventsOfType, productInput } from './gate-harness.js';

const test = suite<{ rt: TestRuntime }>('approval commands');
test.before.each((ctx) => {
  ctx.rt = createTestRuntime();
});
test.after.each(async (ctx) => {
  await ctx.rt.dispose();
});

const requested = async (rt: TestRuntime, overrides: Record<string, unknown> = {}) => {
  const r = await requestApproval(rt, agent('tester'), productInput(overrides));
  if (isLeft(r)) throw new Error(r.left.message);
  return r.right.approvalId;
};

/** An approved product whose publish task the publisher has claimed. */
const claimedByPublisher = async (rt: TestRuntime) => {
  const approvalId = await requested(rt);
  const approved = await decideApproval(rt, human(), { id: approvalId, decision: 'approve' });
  if (isLeft(approved)) throw new Error(approved.left.message);
  const claimed = await claimTask(rt, agent('publisher'), { agent: 'publisher', types: ['publish'] });
  if (isLeft(claimed) || claimed.right.status !== 'claimed') throw new Error('publisher could not claim');
  return { approvalId, taskId: approved.right.publishTaskId! };
};

const verifyCode = (r: Awaited<ReturnType<typeof verifyPublish>>) => (isLeft(r) ? r.left.details?.verifyCode : 'verified');

test('a tester requests approval: pending, with a notice in approvals; the same pending product is refused with its id', async ({ rt }) => {
  const approvalId = await requested(rt);
  const posts = await eventsOfType(rt.log, 'PostAdded');
  assert.is(posts[0]!.stream, 'discussion-approvals');
  assert.match((posts[0]!.data as { content: string }).content, /NEW APPROVAL REQUEST: Invoice Parser/);
  const again = await requestApproval(rt, agent('tester'), productInput({ productName: 'invoice parser' }));
  assert.ok(isLeft(again) && again.left.code === 'conflict' && again.left.details?.existingApprovalId === approvalId);
});

test('bad input is refused naming the field, and nothing is appended', async ({ rt }) => {
  const r = await requestApproval(rt, agent('tester'), productInput({ price: -1 }));
  assert.ok(isLeft(r) && r.left.code === 'invalid' && r.left.field === 'price', JSON.stringify(r));
  assert.is(await countAll(rt.log), 0);
});

test('approving creates exactly one publish task (priority 9, gated), even when an open publish task for the product exists (W-06)', async ({ rt }) => {
  const approvalId = await requested(rt);
  const earlier = await createTask(rt, system(), { type: 'publish', payload: { product_name: 'Invoice Parser' }, gate: { kind: 'approval', id: 'older' } });
  assert.ok(isRight(earlier));
  const decided = await decideApproval(rt, human('ana'), { id: approvalId, decision: 'approve' });
  if (isLeft(decided)) throw new Error(decided.left.message);
  const [granted] = await eventsOfType(rt.log, 'ApprovalGranted');
  const tasks = (await eventsOfType(rt.log, 'TaskCreated')).map((e) => e.data as { taskId: string; priority: number; payload: unknown; gate: unknown });
  const publish = tasks.filter((t) => t.taskId === rt.followUpId(granted!.id, 'publish'));
  assert.is(publish.length, 1);
  assert.is(decided.right.publishTaskId, publish[0]!.taskId);
  assert.equal([publish[0]!.priority, publish[0]!.gate], [9, { kind: 'approval', id: approvalId }]);
  assert.equal(publish[0]!.payload, { approval_id: approvalId, product_name: 'Invoice Parser', platform: 'gumroad', files_path: 'data/projects/invoice-parser', price: 9 });
  const before = await countAll(rt.log);
  await approvalFollowUps(rt, granted!);
  assert.is(await countAll(rt.log), before);
});

test('rejecting sends the reason to the builder as a fix_product task and a feedback mail (W-31)', async ({ rt }) => {
  const approvalId = await requested(rt);
  const decided = await decideApproval(rt, human(), { id: approvalId, decision: 'reject', reason: 'crashes on empty files' });
  if (isLeft(decided)) throw new Error(decided.left.message);
  const [fix] = (await eventsOfType(rt.log, 'TaskCreated')).map((e) => e.data as { taskId: string; type: string; assignedTo: string; priority: number; payload: unknown });
  assert.equal([fix!.type, fix!.assignedTo, fix!.priority, decided.right.fixTaskId], ['fix_product', 'builder', 9, fix!.taskId]);
  assert.equal(fix!.payload, { product: 'Invoice Parser', approval_id: approvalId, reason: 'crashes on empty files', files_path: 'data/projects/invoice-parser' });
  const [mail] = await eventsOfType(rt.log, 'MessageSent');
  assert.is(mail!.stream, 'mailbox-builder');
  assert.equal((mail!.data as { type: string; payload: { reason: string; fix_task_id: string } }).payload.reason, 'crashes on empty files');
  assert.is((mail!.data as { type: string }).type, 'feedback');
  const posts = (await eventsOfType(rt.log, 'PostAdded')).map((e) => (e.data as { content: string }).content);
  assert.ok(posts.some((p) => p === '❌ REJECTED: Invoice Parser - Reason: crashes on empty files'), JSON.stringify(posts));
});

test('a product is decided once; agents may not decide', async ({ rt }) => {
  const approvalId = await requested(rt);
  const byAgent = await decideApproval(rt, agent('publisher'), { id: approvalId, decision: 'approve' });
  assert.ok(isLeft(byAgent) && byAgent.left.code === 'forbidden');
  assert.ok(isRight(await decideApproval(rt, human(), { id: approvalId, decision: 'approve' })));
  const second = await decideApproval(rt, human(), { id: approvalId, decision: 'reject', reason: 'changed my mind' });
  assert.ok(isLeft(second) && second.left.code === 'conflict');
  assert.is((await eventsOfType(rt.log, 'TaskCreated')).length, 1);
});

test('verify-publish passes for the publisher holding the publish task of an approved product', async ({ rt }) => {
  const { approvalId, taskId } = await claimedByPublisher(rt);
  const r = await verifyPublish(rt, agent('publisher'), { taskId: taskId.slice(0, 30) });
  assert.equal(isRight(r) && r.right, { taskId, approvalId, productName: 'Invoice Parser', platform: 'gumroad' });
});

test('verify-publish refuses an agent that does not hold the task (W-25)', async ({ rt }) => {
  const { taskId } = await claimedByPublisher(rt);
  assert.is(verifyCode(await verifyPublish(rt, agent('publisher-2'), { taskId })), 'not_task_holder');
  assert.is(verifyCode(await verifyPublish(rt, human(), { taskId })), 'verified');
});

test('verify-publish names why a task cannot be published', async ({ rt }) => {
  assert.is(verifyCode(await verifyPublish(rt, human(), { taskId: 'nope' })), 'task_not_found');
  const research = await createTask(rt, human(), { type: 'research', payload: { title: 'x' } });
  assert.is(verifyCode(await verifyPublish(rt, human(), { taskId: isRight(research) ? research.right.taskId : '' })), 'wrong_task_type');
  const publishTask = async (payload: Record<string, unknown>) => {
    const made = await createTask(rt, system(), { type: 'publish', payload, gate: { kind: 'approval', id: 'x' }, allowDuplicates: true });
    if (isLeft(made)) throw new Error(made.left.message);
    return made.right.taskId;
  };
  assert.is(verifyCode(await verifyPublish(rt, human(), { taskId: await publishTask({ product_name: 'A' }) })), 'missing_approval_id');
  assert.is(verifyCode(await verifyPublish(rt, human(), { taskId: await publishTask({ approval_id: 'gone', product_name: 'B' }) })), 'approval_not_found');
  const pending = await requested(rt, { productName: 'Pending thing' });
  assert.is(verifyCode(await verifyPublish(rt, human(), { taskId: await publishTask({ approval_id: pending, product_name: 'Pending thing', platform: 'gumroad' }) })), 'approval_not_approved');
});

test('verify-publish refuses a task whose product or platform differ from the approval (W-25)', async ({ rt }) => {
  const { approvalId } = await claimedByPublisher(rt);
  const made = await createTask(rt, system(), { type: 'publish', payload: { approval_id: approvalId, product_name: 'Something else', platform: 'gumroad' }, gate: { kind: 'approval', id: approvalId }, allowDuplicates: true });
  assert.is(verifyCode(await verifyPublish(rt, human(), { taskId: isRight(made) ? made.right.taskId : '' })), 'product_mismatch');
  const other = await createTask(rt, system(), { type: 'publish', payload: { approval_id: approvalId, product_name: 'Invoice Parser', platform: 'npm' }, gate: { kind: 'approval', id: approvalId }, allowDuplicates: true });
  assert.is(verifyCode(await verifyPublish(rt, human(), { taskId: isRight(other) ? other.right.taskId : '' })), 'platform_mismatch');
});

test('the publisher that completed the publish task marks the product published (W-32); another agent cannot', async ({ rt }) => {
  const { approvalId, taskId } = await claimedByPublisher(rt);
  assert.ok(isRight(await completeTask(rt, agent('publisher'), { taskId, agent: 'publisher', result: { url: 'https://x.test/p' } })));
  const byBuilder = await markPublished(rt, agent('builder'), { id: approvalId, taskId });
  assert.ok(isLeft(byBuilder) && byBuilder.left.code === 'forbidden');
  const r = await markPublished(rt, agent('publisher'), { id: approvalId, taskId, url: 'https://x.test/p' });
  assert.ok(isRight(r) && r.right.status === 'published', JSON.stringify(r));
  assert.ok(isLeft(await verifyPublish(rt, human(), { taskId })));
});

test('the pipeline marks a product published when its publish task completes, once, even when the completion is redelivered', async ({ rt }) => {
  const { approvalId, taskId } = await claimedByPublisher(rt);
  assert.ok(isRight(await completeTask(rt, agent('publisher'), { taskId, agent: 'publisher', result: {} })));
  const [completed] = await eventsOfType(rt.log, 'TaskCompleted');
  const eventIds = (i: number) => rt.followUpId(completed!.id, `mark-published#${i}`);
  const first = await markPublished(rt, system(), { id: approvalId, taskId }, { eventIds });
  assert.ok(isRight(first) && first.right.status === 'published', JSON.stringify(first));
  const again = await markPublished(rt, system(), { id: approvalId, taskId }, { eventIds });
  assert.ok(isRight(again), JSON.stringify(again));
  assert.is((await eventsOfType(rt.log, 'ProductPublished')).length, 1);
});

test.run();
