import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import {
  ApprovalGranted,
  ApprovalRequested,
  RejectApproval,
  TestStatus,
  approvalDecider,
  approvalStream,
  type ApprovalCommand,
  type ApprovalDecisionContext,
  type ApprovalEvent,
  type ApprovalStatus,
  type PublishTaskFacts,
} from '../../domain/approval/index.js';
import { decodeWith } from '../../domain/decode.js';
import { FreeText, IdString, NameString, PathString } from '../../domain/limits/index.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../../domain/errors.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import { NonEmptyText } from '../../domain/project/index.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { getApproval, matchApproval, pendingApprovalFor } from '../../projections/approvals/queries.js';
import { testStatusOfReport } from './test-report-status.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import type { TaskView } from '../../projections/tasks/task-view.js';
import { originOf, streamCorrelation } from './command-origin.js';
import { followUpCaller, followUpEventIds, lastEventOf, outcomeOf, postNotice, type FollowUpOutcome } from './gate-follow-ups.js';
import { handleCommand } from './handle-command.js';
import { sendMail } from './mail-commands.js';
import type { CommandCaller, SwarmRuntime } from './runtime.js';
import { createTask, resolveTask } from './task-commands.js';

const Price = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'a price ≥ 0');

export const RequestApprovalInput = t.intersection([
  t.type({ productName: NameString, productType: NameString, platform: NameString, description: FreeText, filesPath: PathString }),
  t.partial({ price: Price, previewUrl: PathString, submittedBy: IdString, taskId: IdString, projectId: IdString, testStatus: TestStatus }),
]);
export type RequestApprovalInput = t.TypeOf<typeof RequestApprovalInput>;

export const ApprovalDecisionInput = t.intersection([
  t.type({ id: NonEmptyText, decision: t.keyof({ approve: null, reject: null }) }),
  t.partial({ note: t.string, reason: t.string, overrideTests: t.boolean }),
]);
export type ApprovalDecisionInput = t.TypeOf<typeof ApprovalDecisionInput>;

/** platform and externalId: recorded by `swarm publish` (where the product went and the platform's own id). */
export const MarkPublishedInput = t.intersection([t.type({ id: NonEmptyText, taskId: NonEmptyText }), t.partial({ url: NonEmptyText, platform: NonEmptyText, externalId: NonEmptyText })]);
export const VerifyPublishInput = t.type({ taskId: NonEmptyText });
export const PublishFailureInput = t.intersection([t.type({ id: NonEmptyText, reason: FreeText }), t.partial({ platform: NameString, taskId: IdString })]);
export const RetryPublishInput = t.intersection([t.type({ id: NonEmptyText }), t.partial({ note: t.string })]);

export interface RequestedApproval {
  readonly approvalId: string;
  readonly productName: string;
  readonly platform: string;
  readonly followUps: readonly FollowUpOutcome[];
}

export interface DecidedApproval {
  readonly approvalId: string;
  readonly productName: string;
  readonly status: ApprovalStatus;
  readonly publishTaskId?: string;
  readonly fixTaskId?: string;
  readonly followUps: readonly FollowUpOutcome[];
}

const decisionTypes = ['ApprovalGranted', 'ApprovalRejected', 'ProductPublished', 'PublishFailed', 'PublishRetried'];

const statusAfter: Record<string, ApprovalStatus> = {
  ApprovalGranted: 'approved',
  ApprovalRejected: 'rejected',
  ProductPublished: 'published',
  PublishFailed: 'publish_failed',
  PublishRetried: 'approved',
};

/**
 * The grant a publish task carries out. A retry publishes under the approval's grant: a person's override of failing
 * tests holds for every attempt (a retry without it would fail again on the test report, a dead end).
 */
const grantOf = async (runtime: SwarmRuntime, event: ApprovalEvent): Promise<ApprovalGranted['data'] | undefined> => {
  if (event.type === 'ApprovalGranted') return event.data;
  const granted = await lastEventOf(runtime, approvalStream(event.data.approvalId), ['ApprovalGranted']);
  const found = granted && { type: granted.type, data: granted.data };
  return ApprovalGranted.is(found) ? found.data : undefined;
};

const requestOf = async (runtime: SwarmRuntime, approvalId: string): Promise<ApprovalRequested['data'] | undefined> => {
  const requested = await lastEventOf(runtime, approvalStream(approvalId), ['ApprovalRequested']);
  const event = requested && { type: requested.type, data: requested.data };
  return ApprovalRequested.is(event) ? event.data : undefined;
};

/** A rejection reaches the builder as a fix task; an open fix task for the product already carries the work (dedup). */
const fixTaskFor = async (runtime: SwarmRuntime, cause: RecordedEvent, product: ApprovalRequested['data'], reason: string): Promise<FollowUpOutcome> => {
  const created = await createTask(
    runtime,
    followUpCaller(cause),
    {
      type: 'fix_product',
      priority: 9,
      assignedTo: 'builder',
      payload: {
        product: product.productName,
        approval_id: product.approvalId,
        reason,
        files_path: product.filesPath,
        ...(product.projectId ? { project_id: product.projectId } : {}),
      },
    },
    { taskId: runtime.followUpId(cause.id, 'fix_product'), eventIds: followUpEventIds(runtime, cause, 'fix_product') },
  );
  const existing = isLeft(created) ? created.left.details?.existingTaskId : undefined;
  return typeof existing === 'string' ? { purpose: 'fix_product', id: existing } : outcomeOf('fix_product', created, (c) => c.taskId);
};

/**
 * The follow-ups of a product-approval event: the notice in `approvals`; for an approval the `publish` task
 * (priority 9); for a rejection a `fix_product` task and a feedback mail to the builder with the reason (W-31).
 * Safe to run again for the same event (ids derive from it).
 */
export const approvalFollowUps = async (runtime: SwarmRuntime, cause: RecordedEvent): Promise<FollowUpOutcome[]> => {
  const event = { type: cause.type, data: cause.data } as ApprovalEvent;
  const product = await requestOf(runtime, event.data.approvalId);
  if (!product) return [];
  const name = product.productName;
  switch (event.type) {
    case 'ApprovalRequested':
      return [
        await postNotice(
          runtime,
          cause,
          'approvals',
          `📋 NEW APPROVAL REQUEST: ${name} (${product.productType}) for ${product.platform}${product.price !== undefined ? ` at ${product.price}` : ''} - submitted by ${product.submittedBy}. Files: ${product.filesPath}; a human decides: swarm approve|reject ${product.approvalId}`,
        ),
      ];
    case 'ApprovalGranted':
    case 'PublishRetried': {
      const taskId = runtime.followUpId(cause.id, 'publish');
      const grant = await grantOf(runtime, event);
      const override = grant?.overrideTests === true;
      // allowDuplicates: an approved product always gets its publish task; dedup must never swallow it (W-06).
      const created = await createTask(
        runtime,
        followUpCaller(cause),
        {
          type: 'publish',
          priority: 9,
          payload: {
            approval_id: product.approvalId,
            product_name: name,
            platform: product.platform,
            files_path: product.filesPath,
            price: product.price ?? null,
            ...(product.projectId ? { project_id: product.projectId } : {}),
            // A person approved failing tests on purpose: the publisher publishes it as it is (the note says why).
            ...(override ? { override_tests: true, override_note: grant?.note ?? '' } : {}),
          },
          gate: { kind: 'approval', id: product.approvalId },
          allowDuplicates: true,
        },
        { taskId, eventIds: followUpEventIds(runtime, cause, 'publish') },
      );
      const said =
        event.type === 'PublishRetried'
          ? `🔁 PUBLISH RETRIED: ${name} - ${event.data.by} sent it out again on ${product.platform} (task ${taskId})${event.data.note ? ` Note: ${event.data.note}` : ''}`
          : `✅ APPROVED${override ? ' DESPITE FAILING TESTS' : ''}: ${name} - Ready to publish on ${product.platform}! (task ${taskId})${event.data.note ? ` Note: ${event.data.note}` : ''}`;
      return [outcomeOf('publish', created, (c) => c.taskId), await postNotice(runtime, cause, 'approvals', said)];
    }
    case 'ApprovalRejected': {
      const fix = await fixTaskFor(runtime, cause, product, event.data.reason);
      const messageId = runtime.followUpId(cause.id, 'mail:builder');
      const mailed = await sendMail(
        runtime,
        followUpCaller(cause),
        {
          to: 'builder',
          type: 'feedback',
          payload: { product: name, approval_id: product.approvalId, reason: event.data.reason, files_path: product.filesPath, ...(fix.id ? { fix_task_id: fix.id } : {}) },
        },
        { messageId, eventIds: followUpEventIds(runtime, cause, 'mail:builder') },
      );
      return [
        fix,
        outcomeOf('mail:builder', mailed, () => messageId),
        await postNotice(runtime, cause, 'approvals', `❌ REJECTED: ${name} - Reason: ${event.data.reason}`),
      ];
    }
    case 'ProductPublished':
      return [await postNotice(runtime, cause, 'approvals', `🚀 PUBLISHED: ${name} on ${product.platform}${event.data.url ? ` - ${event.data.url}` : ''}`)];
    case 'PublishFailed':
      return [
        await postNotice(
          runtime,
          cause,
          'approvals',
          `⚠️ PUBLISH FAILED: ${name} on ${event.data.platform ?? product.platform} - ${event.data.reason}. A person retries: swarm approvals retry ${product.approvalId}`,
        ),
      ];
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};

/** Asks the humans to approve a finished product (gate 2); a pending request for the same product name is refused with its id. */
export const requestApproval = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  options: { approvalId?: string } = {},
): Promise<Either<DomainError, RequestedApproval>> => {
  const decoded = decodeWith(RequestApprovalInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const approvalId = options.approvalId ?? runtime.newId();
  const pendingDuplicateOf = pendingApprovalFor(await freshReader(runtime.log, runtime.projections, approvalsProjection), i);
  const testStatus = i.testStatus ?? testStatusOfReport(i.filesPath);
  const command: ApprovalCommand = {
    type: 'RequestApproval',
    approvalId,
    productName: i.productName,
    productType: i.productType,
    platform: i.platform,
    description: i.description,
    filesPath: i.filesPath,
    submittedBy: i.submittedBy ?? caller.actor.id,
    ...(i.price !== undefined ? { price: i.price } : {}),
    ...(i.previewUrl ? { previewUrl: i.previewUrl } : {}),
    ...(i.taskId ? { taskId: i.taskId } : {}),
    ...(i.projectId ? { projectId: i.projectId } : {}),
    testStatus,
  };
  const ctx: ApprovalDecisionContext = { now: runtime.now(), actor: caller.actor, ...(pendingDuplicateOf ? { pendingDuplicateOf } : {}) };
  const handled = await handleCommand(runtime, approvalDecider, approvalStream(approvalId), command, ctx, originOf(runtime, caller));
  if (isLeft(handled)) return handled;
  const recorded = handled.right.events[0]! as RecordedEvent;
  const data = recorded.data as ApprovalRequested['data'];
  return right({ approvalId, productName: data.productName, platform: data.platform, followUps: await approvalFollowUps(runtime, recorded) });
};

/** Resolves a product approval by its full id or a unique prefix; an ambiguous prefix is refused with the matches (W-26). */
export const resolveApprovalId = async (runtime: SwarmRuntime, idOrPrefix: string): Promise<Either<DomainError, string>> => {
  const match = matchApproval(await freshReader(runtime.log, runtime.projections, approvalsProjection), idOrPrefix);
  if (match.kind === 'found') return right(match.doc.id);
  if (match.kind === 'ambiguous')
    return left(invalid(`id: "${idOrPrefix}" matches several approvals (${match.ids.join(', ')}); give more of the id`, { field: 'id', details: { matches: match.ids } }));
  return left(notFound(`no approval ${idOrPrefix}`, { field: 'id' }));
};

/** Runs one command on an existing approval, then its follow-ups; a refused repeat first finishes the earlier decision's follow-ups. */
const onApproval = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  approvalId: string,
  command: ApprovalCommand,
  facts: Partial<ApprovalDecisionContext> = {},
  eventIds?: (index: number) => string,
): Promise<Either<DomainError, DecidedApproval>> => {
  const stream = approvalStream(approvalId);
  const origin = originOf(runtime, caller, await streamCorrelation(runtime, stream));
  const handled = await handleCommand(runtime, approvalDecider, stream, command, { now: runtime.now(), actor: caller.actor, ...facts }, origin, {
    ...(eventIds ? { eventIds } : {}),
  });
  if (isLeft(handled)) {
    if (handled.left.code === 'conflict') {
      const earlier = await lastEventOf(runtime, stream, decisionTypes);
      if (earlier) await approvalFollowUps(runtime, earlier);
    }
    return handled;
  }
  const decision = handled.right.events[0]! as RecordedEvent;
  const followUps = await approvalFollowUps(runtime, decision);
  const publish = followUps.find((f) => f.purpose === 'publish');
  if (publish?.error)
    return left({
      ...publish.error,
      message: `approval ${approvalId} is ${statusAfter[decision.type] ?? 'approved'}, but its publish task could not be created (${publish.error.message}); send the approval again to finish`,
    });
  const fix = followUps.find((f) => f.purpose === 'fix_product');
  const status: ApprovalStatus = statusAfter[decision.type] ?? 'approved';
  const product = await requestOf(runtime, approvalId);
  return right({
    approvalId,
    productName: product?.productName ?? '',
    status,
    ...(publish?.id ? { publishTaskId: publish.id } : {}),
    ...(fix?.id ? { fixTaskId: fix.id } : {}),
    followUps,
  });
};

/** A human approves (→ publish task) or rejects (→ fix task and mail to the builder) a finished product, once. */
export const decideApproval = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, DecidedApproval>> => {
  const decoded = decodeWith(ApprovalDecisionInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const command: Either<DomainError, ApprovalCommand> =
    i.decision === 'approve'
      ? right({ type: 'GrantApproval', ...(i.note ? { note: i.note } : {}), ...(i.overrideTests ? { overrideTests: true } : {}) })
      : decodeWith(RejectApproval)({ type: 'RejectApproval', reason: i.reason });
  if (isLeft(command)) return command;
  const approvalId = await resolveApprovalId(runtime, i.id);
  if (isLeft(approvalId)) return approvalId;
  return onApproval(runtime, caller, approvalId.right, command.right);
};

const publishFacts = (task: TaskView): PublishTaskFacts => ({
  taskId: task.id,
  type: task.type,
  ...(typeof task.payload.approval_id === 'string' ? { approvalId: task.payload.approval_id } : {}),
  ...(task.status === 'claimed' && task.claimedBy ? { holder: task.claimedBy } : {}),
  ...(task.status === 'completed' && task.claimedBy ? { completedBy: task.claimedBy } : {}),
});

/**
 * Records that an approved product went out through its publish task (W-32), by its publisher, a human, or the
 * pipeline reacting to the publish task's completion (which passes `eventIds` derived from that event).
 */
export const markPublished = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  options: { eventIds?: (index: number) => string } = {},
): Promise<Either<DomainError, DecidedApproval>> => {
  const decoded = decodeWith(MarkPublishedInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const approvalId = await resolveApprovalId(runtime, i.id);
  if (isLeft(approvalId)) return approvalId;
  const task = await namedPublishTask(runtime, i.taskId);
  if (isLeft(task)) return task;
  return onApproval(runtime, caller, approvalId.right, {
      type: 'MarkPublished',
      taskId: task.right.taskId,
      ...(i.url ? { url: i.url } : {}),
      ...(i.platform ? { platform: i.platform } : {}),
      ...(i.externalId ? { externalId: i.externalId } : {}),
    }, task.right.facts, options.eventIds);
};

/** The task a publication command names, by id or prefix, with its facts for the decider (none when there is no such task: the decider says so). */
const namedPublishTask = async (runtime: SwarmRuntime, idOrPrefix: string): Promise<Either<DomainError, { taskId: string; facts: Partial<ApprovalDecisionContext> }>> => {
  const task = await resolveTask(runtime, idOrPrefix);
  if (isLeft(task)) return task.left.code === 'not_found' ? right({ taskId: idOrPrefix, facts: {} }) : task;
  return right({ taskId: task.right.id, facts: { publishTask: publishFacts(task.right) } });
};

/**
 * Records that publishing an approved product failed (PublishFailed): by the publisher holding the publish task, a
 * platform adapter or the pipeline (system), or a person. The approval then shows "publish failed" with the reason
 * and a notification goes out, until a person retries it.
 */
export const recordPublishFailure = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  options: { eventIds?: (index: number) => string } = {},
): Promise<Either<DomainError, DecidedApproval>> => {
  const decoded = decodeWith(PublishFailureInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const approvalId = await resolveApprovalId(runtime, i.id);
  if (isLeft(approvalId)) return approvalId;
  const task = i.taskId ? await namedPublishTask(runtime, i.taskId) : right({ taskId: undefined, facts: {} });
  if (isLeft(task)) return task;
  const { taskId, facts } = task.right;
  const command: ApprovalCommand = { type: 'RecordPublishFailure', reason: i.reason, ...(i.platform ? { platform: i.platform } : {}), ...(taskId ? { taskId } : {}) };
  return onApproval(runtime, caller, approvalId.right, command, facts, options.eventIds);
};

/** A person sends a product whose publish failed out again: a new publish task, made from the retry. */
export const retryPublish = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, DecidedApproval>> => {
  const decoded = decodeWith(RetryPublishInput)(input);
  if (isLeft(decoded)) return decoded;
  const approvalId = await resolveApprovalId(runtime, decoded.right.id);
  if (isLeft(approvalId)) return approvalId;
  return onApproval(runtime, caller, approvalId.right, { type: 'RetryPublish', ...(decoded.right.note ? { note: decoded.right.note } : {}) });
};

/** Why a publish was not verified: the original's codes plus the bindings it lacked (W-25). */
export type VerifyPublishCode =
  | 'task_not_found'
  | 'wrong_task_type'
  | 'missing_approval_id'
  | 'approval_not_found'
  | 'approval_not_approved'
  | 'not_task_holder'
  | 'product_mismatch'
  | 'platform_mismatch';

export interface VerifiedPublish {
  readonly taskId: string;
  readonly approvalId: string;
  readonly productName: string;
  readonly platform: string;
}

const unverified = (code: VerifyPublishCode, make: typeof conflict, message: string): Either<DomainError, never> =>
  left(make(message, { field: 'taskId', details: { verifyCode: code } }));

/**
 * The publisher's mandatory check before publishing: the task is a publish task, held by the calling agent, made
 * from an approval that is approved now, for the same product and platform (W-25). Refusals carry
 * `details.verifyCode`.
 */
export const verifyPublish = async (runtime: SwarmRuntime, caller: CommandCaller, input: unknown): Promise<Either<DomainError, VerifiedPublish>> => {
  const decoded = decodeWith(VerifyPublishInput)(input);
  if (isLeft(decoded)) return decoded;
  const found = await resolveTask(runtime, decoded.right.taskId);
  if (isLeft(found)) return found.left.code === 'not_found' ? unverified('task_not_found', notFound, found.left.message) : found;
  const task = found.right;
  if (task.type !== 'publish') return unverified('wrong_task_type', conflict, `task ${task.id} is a ${task.type} task, not a publish task`);
  const approvalId = task.payload.approval_id;
  if (typeof approvalId !== 'string' || !approvalId) return unverified('missing_approval_id', conflict, `task ${task.id} names no approval_id`);
  const approval = getApproval(await freshReader(runtime.log, runtime.projections, approvalsProjection), approvalId);
  if (!approval) return unverified('approval_not_found', notFound, `approval ${approvalId} of task ${task.id} does not exist`);
  if (approval.status !== 'approved') return unverified('approval_not_approved', conflict, `approval ${approvalId} is ${approval.status}, not approved`);
  if (caller.actor.kind === 'agent' && !(task.status === 'claimed' && task.claimedBy === caller.actor.id))
    return unverified('not_task_holder', forbidden, `agent ${caller.actor.id} does not hold task ${task.id} (it is ${task.status}${task.claimedBy ? `, held by ${task.claimedBy}` : ''})`);
  if (task.payload.product_name !== approval.productName)
    return unverified('product_mismatch', conflict, `task ${task.id} publishes "${String(task.payload.product_name)}" but approval ${approvalId} is for "${approval.productName}"`);
  if (task.payload.platform !== approval.platform)
    return unverified('platform_mismatch', conflict, `task ${task.id} publishes on ${String(task.payload.platform)} but approval ${approvalId} is for ${approval.platform}`);
  return right({ taskId: task.id, approvalId, productName: approval.productName, platform: approval.platform });
};
