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
    // projectId: the project the product was built for (keys its folder, counters and publish tasks);
    // testStatus: what the Tester's report said, shown first on the approval card.
    t.partial({ price: t.number, previewUrl: t.string, taskId: t.string, projectId: t.string, testStatus: t.keyof({ pass: null, fail: null, unknown: null }) }),
  ]),
});

export const ApprovalGranted = t.type({
  type: t.literal('ApprovalGranted'),
  // overrideTests: the person approved a product whose tests fail, on purpose (the note says why).
  data: t.intersection([t.type({ approvalId: t.string, by: t.string }), t.partial({ note: t.string, overrideTests: t.boolean })]),
});

export const ApprovalRejected = t.type({
  type: t.literal('ApprovalRejected'),
  data: t.type({ approvalId: t.string, by: t.string, reason: t.string }),
});

/** The approved product went out, through the publish task that the approval created (W-32: the flow records it). */
export const ProductPublished = t.type({
  type: t.literal('ProductPublished'),
  // platform and externalId: where `swarm publish` put it and the platform's own id (optional: older events lack them).
  data: t.intersection([t.type({ approvalId: t.string, by: t.string, taskId: t.string }), t.partial({ url: t.string, platform: t.string, externalId: t.string })]),
});

/**
 * Publishing an approved product failed, for any reason (the publisher's checks, a platform adapter, a dead-lettered
 * publish task): the approval shows "publish failed" with the reason until a person retries it.
 */
export const PublishFailed = t.type({
  type: t.literal('PublishFailed'),
  data: t.intersection([t.type({ approvalId: t.string, reason: t.string }), t.partial({ platform: t.string, taskId: t.string, by: t.string })]),
});

/** A person sent a product whose publish failed out again; the pipeline makes a new publish task from this event. */
export const PublishRetried = t.type({
  type: t.literal('PublishRetried'),
  data: t.intersection([t.type({ approvalId: t.string, by: t.string }), t.partial({ note: t.string })]),
});

export const ApprovalEventCodec = t.union([ApprovalRequested, ApprovalGranted, ApprovalRejected, ProductPublished, PublishFailed, PublishRetried]);
export type ApprovalEvent = t.TypeOf<typeof ApprovalEventCodec>;
export type ApprovalRequested = t.TypeOf<typeof ApprovalRequested>;
export type ApprovalGranted = t.TypeOf<typeof ApprovalGranted>;
export type ApprovalRejected = t.TypeOf<typeof ApprovalRejected>;
export type ProductPublished = t.TypeOf<typeof ProductPublished>;
export type PublishFailed = t.TypeOf<typeof PublishFailed>;
export type PublishRetried = t.TypeOf<typeof PublishRetried>;

export const approvalEventTypes = ['ApprovalRequested', 'ApprovalGranted', 'ApprovalRejected', 'ProductPublished', 'PublishFailed', 'PublishRetried'] as const;
