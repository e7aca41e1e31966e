import type { ApprovalEvent } from './events.js';

/** `publish_failed`: approved, but its publish failed; it stays so (with the reason) until a person retries. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'published' | 'publish_failed';

export type ApprovalState =
  | { readonly status: 'none' }
  | {
      readonly status: ApprovalStatus;
      readonly approvalId: string;
      readonly productName: string;
      readonly platform: string;
      readonly decidedBy?: string;
      /** What the Tester's report said; `unknown` for requests that did not say. */
      readonly testStatus: 'pass' | 'fail' | 'unknown';
      readonly projectId?: string;
    };

export const initialState: ApprovalState = { status: 'none' };

export const evolve = (state: ApprovalState, event: ApprovalEvent): ApprovalState => {
  switch (event.type) {
    case 'ApprovalRequested':
      return {
        status: 'pending',
        approvalId: event.data.approvalId,
        productName: event.data.productName,
        platform: event.data.platform,
        testStatus: event.data.testStatus ?? 'unknown',
        ...(event.data.projectId ? { projectId: event.data.projectId } : {}),
      };
    case 'ApprovalGranted':
      return state.status === 'none' ? state : { ...state, status: 'approved', decidedBy: event.data.by };
    case 'ApprovalRejected':
      return state.status === 'none' ? state : { ...state, status: 'rejected', decidedBy: event.data.by };
    case 'ProductPublished':
      return state.status === 'none' ? state : { ...state, status: 'published' };
    case 'PublishFailed':
      return state.status === 'none' || state.status === 'published' ? state : { ...state, status: 'publish_failed' };
    case 'PublishRetried':
      return state.status === 'none' ? state : { ...state, status: 'approved' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};
