import type { ProjectEvent } from './events.js';

export type ProjectStatus = 'pending' | 'approved' | 'rejected' | 'deferred';

export type ProjectState =
  | { readonly status: 'none' }
  | { readonly status: ProjectStatus; readonly projectId: string; readonly title: string; readonly decidedBy?: string };

export const initialState: ProjectState = { status: 'none' };

export const evolve = (state: ProjectState, event: ProjectEvent): ProjectState => {
  switch (event.type) {
    case 'ProjectSubmitted':
      return { status: 'pending', projectId: event.data.projectId, title: event.data.title };
    case 'ProjectApproved':
      return state.status === 'none' ? state : { ...state, status: 'approved', decidedBy: event.data.by };
    case 'ProjectRejected':
      return state.status === 'none' ? state : { ...state, status: 'rejected', decidedBy: event.data.by };
    case 'ProjectDeferred':
      return state.status === 'none' ? state : { ...state, status: 'deferred', decidedBy: event.data.by };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
};
