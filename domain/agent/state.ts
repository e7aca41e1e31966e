import type { AgentEvent, AgentStatus } from './events.js';

export interface AgentState {
  readonly status: AgentStatus;
  readonly currentTaskId?: string;
  readonly lastHeartbeatAt?: string;
  /** Paused by a person or the budget guard; only a resume lifts it. */
  readonly paused: boolean;
}

export const initialState: AgentState = { status: 'offline', paused: false };

export const evolve = (state: AgentState, event: AgentEvent): AgentState => {
  switch (event.type) {
    case 'AgentStatusChanged':
      return { ...state, status: event.data.status, currentTaskId: event.data.currentTaskId };
    case 'AgentHeartbeat':
      return { ...state, lastHeartbeatAt: event.data.at };
    case 'AgentPaused':
      return { ...state, paused: true, status: 'paused' };
    case 'AgentResumed':
      return { ...state, paused: false, status: 'idle' };
  }
};
