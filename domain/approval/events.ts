import * as t from 'io-ts';

/** A finished product put before the humans (gate 2, SPEC §3.6), usually by the Tester after a passing test. */
export const ApprovalRequested = t.type({
  type: t.literal('ApprovalRequested'),
  data: t.intersection([
    t.type({
      approvalId: t.string,
      productName: t.string,
      productType: t.string,
      platform: t.string,
      description: t.string,
      filesPath: t.string,
      submittedBy: t.string,
    }),
    t.partial({ price: t.number, previewUrl: t.string, taskId: t.string }),
  ]),
});

export const ApprovalGranted = t.type({
  type: t.literal('ApprovalGranted'),
  data: t.intersection([t.type({ approvalId: t.string, by: t.string }), t.partial({ note: t.string })]),
});

export const ApprovalRejected = t.type({
  type: t.literal('ApprovalRejected'),
  data: t.type({ approvalId: t.string, by: t.string, reason: t.string }),
});

/** The approved product went out, through the publish task that the approval created (W-32: the flow records it). */
export const ProductPublished = t.type({
  type: t.literal('ProductPublished'),
  data: t.intersection([t.type({ approvalId: t.string, by: t.string, taskId: t.string }), t.partial({ url: t.string })]),
});

export const ApprovalEventCodec = t.union([ApprovalRequested, ApprovalGranted, ApprovalRejected, ProductPublished]);
export type ApprovalEvent = t.TypeOf<typeof ApprovalEventCodec>;
export type ApprovalRequested = t.TypeOf<typeof ApprovalRequested>;
export type ApprovalGranted = t.TypeOf<typeof ApprovalGranted>;
export type ApprovalRejected = t.TypeOf<typeof ApprovalRejected>;
export type ProductPublished = t.TypeOf<typeof ProductPublished>;

export const approvalEventTypes = ['ApprovalRequested', 'ApprovalGranted', 'ApprovalRejected', 'ProductPublished'] as const;
