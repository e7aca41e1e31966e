import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { roleOfAgent } from '../../domain/task/task-rules.js';
import { approvalStream } from '../../domain/approval/index.js';
import { decodeWith } from '../../domain/decode.js';
import { conflict, forbidden, invalid, notFound, type DomainError } from '../../domain/errors.js';
import { IdString } from '../../domain/limits/index.js';
import { NonEmptyText } from '../../domain/project/index.js';
import { loadProduct } from '../../infra/publishing/product-folder.js';
import { publishPlatforms, type PlatformAdapter, type Publication, type PublishFailure, type PublishPlatform } from '../../infra/publishing/publication.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { getApproval } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { markPublished, recordPublishFailure, resolveApprovalId, verifyPublish } from '../commands/approval-commands.js';
import { lastEventOf } from '../commands/gate-follow-ups.js';
import type { CommandCaller, SwarmRuntime } from '../commands/runtime.js';

const Platform = t.keyof(Object.fromEntries(publishPlatforms.map((p) => [p, null])) as Record<PublishPlatform, null>, `one of ${publishPlatforms.join(', ')}`);
export const PublishInput = t.intersection([t.type({ id: NonEmptyText, platform: Platform }), t.partial({ taskId: IdString })]);

export interface PublishOutcome {
  readonly approvalId: string;
  readonly productName: string;
  readonly platform: string;
  readonly url: string;
  readonly externalId?: string;
  /** True when it was already out (published before, or found on the platform by the lookup): nothing new was made. */
  readonly alreadyPublished: boolean;
}

/** The publish task of an approval: made from its grant, or from its latest retry (ids derive from that event). */
const publishTaskOf = async (runtime: SwarmRuntime, approvalId: string): Promise<string | undefined> => {
  const cause = await lastEventOf(runtime, approvalStream(approvalId), ['ApprovalGranted', 'PublishRetried']);
  return cause ? runtime.followUpId(cause.id, 'publish') : undefined;
};

/**
 * Why the agent may not publish this: only the Publisher, only on the publish task it holds, only for that task's
 * approval, which must be approved now (SPEC §6: the agent asks, the swarm publishes with secrets it never sees).
 */
const agentRefusal = async (runtime: SwarmRuntime, caller: CommandCaller, approvalId: string, taskId: string | undefined): Promise<DomainError | undefined> => {
  const agent = caller.actor.id;
  if (roleOfAgent(agent) !== 'publisher') return forbidden(`swarm publish: only the Publisher publishes (agent "${agent}" is not the publisher)`);
  if (!taskId) return forbidden('swarm publish: an agent publishes only from its publish task (no task in this run)');
  const verified = await verifyPublish(runtime, caller, { taskId });
  if (isLeft(verified)) return verified.left;
  if (verified.right.approvalId !== approvalId) return forbidden(`swarm publish: task ${taskId} publishes approval ${verified.right.approvalId}, not ${approvalId}`);
  return undefined;
};

const failureMessage = (f: PublishFailure) => `${f.message}${f.setting ? ` [${f.setting}]` : ''}`;

/**
 * `swarm publish <approval-id> --platform P`: the swarm's adapter puts an approved product on the platform and the
 * log records where (ProductPublished with platform, url and external id). A product already published answers
 * its publication again. A missing or rejected credential, or a product the platform refuses, is recorded as
 * PublishFailed (a person decides what next); a platform that stays down after the adapter's retries records
 * nothing, so the publish task is handed back and tried again.
 */
export const publishApprovedProduct = async (
  runtime: SwarmRuntime,
  caller: CommandCaller,
  input: unknown,
  home: string,
  adapterFor: (platform: PublishPlatform) => PlatformAdapter,
): Promise<Either<DomainError, PublishOutcome>> => {
  const decoded = decodeWith(PublishInput)(input);
  if (isLeft(decoded)) return decoded;
  const i = decoded.right;
  const resolved = await resolveApprovalId(runtime, i.id);
  if (isLeft(resolved)) return resolved;
  const approvalId = resolved.right;
  const approval = getApproval(await freshReader(runtime.log, runtime.projections, approvalsProjection), approvalId);
  if (!approval) return left(notFound(`no approval ${i.id}`, { field: 'id' }));
  if (approval.platform !== i.platform)
    return left(invalid(`platform: approval ${approvalId} is for ${approval.platform}, not ${i.platform} (a product goes only where the humans approved it)`, { field: 'platform' }));
  if (approval.status === 'published')
    return right({ approvalId, productName: approval.productName, platform: approval.platform, url: approval.publishedUrl ?? '', ...(approval.publishedExternalId ? { externalId: approval.publishedExternalId } : {}), alreadyPublished: true });
  // After a failed publish a person may try again at once (`swarm publish` by a person is a retry: the approval
  // stands); an agent waits for the person's `swarm approvals retry` and the publish task it makes.
  const personRetries = approval.status === 'publish_failed' && caller.actor.kind === 'human';
  if (approval.status !== 'approved' && !personRetries)
    return left(conflict(`approval ${approvalId} is ${approval.status}; only an approved product is published${approval.status === 'publish_failed' ? ' (a person retries it first: swarm approvals retry)' : ''}`, { details: { status: approval.status } }));
  if (caller.actor.kind === 'agent') {
    const refusal = await agentRefusal(runtime, caller, approvalId, i.taskId);
    if (refusal) return left(refusal);
  }
  const taskId = caller.actor.kind === 'agent' ? i.taskId! : (i.taskId ?? (await publishTaskOf(runtime, approvalId)));
  if (!taskId) return left(conflict(`approval ${approvalId} has no publish task`, { field: 'id' }));

  const product = loadProduct(approval, home);
  const failed = async (failure: PublishFailure): Promise<Either<DomainError, never>> => {
    if (failure.kind !== 'unavailable') {
      const recorded = await recordPublishFailure(runtime, caller, { id: approvalId, reason: failureMessage(failure).slice(0, 2000), platform: i.platform, taskId });
      if (isLeft(recorded) && recorded.left.code !== 'conflict') return left(recorded.left);
    }
    return left(
      conflict(`publish on ${i.platform} failed: ${failure.message}`, {
        ...(failure.setting ? { field: failure.setting } : {}),
        details: { failure: failure.kind, recorded: failure.kind !== 'unavailable', ...(failure.setting ? { setting: failure.setting } : {}) },
      }),
    );
  };
  if ('missing' in product) return failed({ kind: 'invalid', message: product.missing });
  let published: Either<PublishFailure, Publication>;
  try {
    published = await adapterFor(i.platform).publish(product);
  } catch (e) {
    published = left({ kind: 'unavailable', message: (e as Error).message });
  }
  if (isLeft(published)) return failed(published.left);
  const p = published.right;
  const marked = await markPublished(runtime, caller, { id: approvalId, taskId, url: p.url, platform: p.platform, externalId: p.externalId });
  if (isLeft(marked) && marked.left.code !== 'conflict') return marked;
  return right({ approvalId, productName: approval.productName, platform: p.platform, url: p.url, externalId: p.externalId, alreadyPublished: p.found });
};
