import * as t from 'io-ts';
import { NonEmptyText } from '../project/commands.js';

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
  t.partial({ price: NonNegativeAmount, previewUrl: NonEmptyText, taskId: NonEmptyText }),
]);

export const GrantApproval = t.intersection([t.type({ type: t.literal('GrantApproval') }), t.partial({ note: t.string })]);
export const RejectApproval = t.type({ type: t.literal('RejectApproval'), reason: NonEmptyText });
export const MarkPublished = t.intersection([
  t.type({ type: t.literal('MarkPublished'), taskId: NonEmptyText }),
  t.partial({ url: NonEmptyText }),
]);

export const ApprovalCommandCodec = t.union([RequestApproval, GrantApproval, RejectApproval, MarkPublished]);
export type ApprovalCommand = t.TypeOf<typeof ApprovalCommandCodec>;
export type RequestApproval = t.TypeOf<typeof RequestApproval>;
