import * as t from 'io-ts';
import { NonEmptyText } from '../project/commands.js';

/** What the Tester's report said when the product was put before the humans; `unknown` when no report said. */
export const TestStatus = t.keyof({ pass: null, fail: null, unknown: null });
export type TestStatus = t.TypeOf<typeof TestStatus>;

const NonNegativeAmount = t.refinement(t.number, (n) => Number.isFinite(n) && n >= 0, 'a price ≥ 0');

export const RequestApproval = t.intersection([
  t.type({
    type: t.literal('RequestApproval'),
    approvalId: NonEmptyText,
    productName: NonEmptyText,
    productType: NonEmptyText,
    platform: NonEmptyText,
    description: NonEmptyText,
    filesPath: NonEmptyText,
    submittedBy: NonEmptyText,
  }),
  t.partial({ price: NonNegativeAmount, previewUrl: NonEmptyText, taskId: NonEmptyText, projectId: NonEmptyText, testStatus: TestStatus }),
]);

/** A person approves; a product whose tests fail is approved only with `overrideTests` and a note saying why. */
export const GrantApproval = t.intersection([t.type({ type: t.literal('GrantApproval') }), t.partial({ note: t.string, overrideTests: t.boolean })]);
export const RejectApproval = t.type({ type: t.literal('RejectApproval'), reason: NonEmptyText });
export const MarkPublished = t.intersection([
  t.type({ type: t.literal('MarkPublished'), taskId: NonEmptyText }),
  t.partial({ url: NonEmptyText, platform: NonEmptyText, externalId: NonEmptyText }),
]);

/** A publish of an approved product failed (the publisher, an adapter of `swarm publish`, or the pipeline saw it fail). */
export const RecordPublishFailure = t.intersection([
  t.type({ type: t.literal('RecordPublishFailure'), reason: NonEmptyText }),
  t.partial({ platform: NonEmptyText, taskId: NonEmptyText }),
]);

/** A person sends a product whose publish failed out again (a new publish task). */
export const RetryPublish = t.intersection([t.type({ type: t.literal('RetryPublish') }), t.partial({ note: t.string })]);

export const ApprovalCommandCodec = t.union([RequestApproval, GrantApproval, RejectApproval, MarkPublished, RecordPublishFailure, RetryPublish]);
export type ApprovalCommand = t.TypeOf<typeof ApprovalCommandCodec>;
export type RequestApproval = t.TypeOf<typeof RequestApproval>;
