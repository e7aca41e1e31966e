import type { ApprovalEvent } from './events.js';

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'published';

export type ApprovalState =
  | { readonly status: 'none' }
  | {
      readonly status: ApprovalStatus;
      readonly approvalId: string;
      readonly productName: string;
      readonly platform: string;
      readonly decidedBy?: string;
    };

export const initialState: ApprovalState = { status: 'none' };

export const evolve = (state: ApprovalState, event: ApprovalEvent): ApprovalState => {
  switch (event.type) {
    case 'ApprovalRequested':
      return { status: 'pending', approvalId: event.data.approvalId, productName: event.data.productName, platform: event.data.platform };
    case 'ApprovalGranted':
      return state.status === 'none' ? state : { ...state, status: 'approved', decidedBy: event.data.by };
    case 'ApprovalRejected':
      return state.status === 'none' ? state : { ...state, status: 'rejected', decidedBy: event.data.by };
    case 'ProductPublished':
      return state.status === 'none' ? state : { ...state, status: 'published' };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};
