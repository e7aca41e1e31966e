import type { RunEvent } from './events.js';

export interface RunState {
  readonly status: 'not_started' | 'running' | 'finished';
  readonly agent?: string;
  /** Sums of the TokensUsed events so far; cost in micro-USD so sums stay exact. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costMicroUsd: number;
}

export const initialState: RunState = { status: 'not_started', inputTokens: 0, outputTokens: 0, costMicroUsd: 0 };

export const microUsd = (usd: number): number => Math.round(usd * 1_000_000);

export const evolve = (state: RunState, event: RunEvent): RunState => {
  switch (event.type) {
    case 'RunStarted':
      return { ...state, status: 'running', agent: event.data.agent };
    case 'TokensUsed':
      return {
        ...state,
        inputTokens: state.inputTokens + event.data.inputTokens,
        outputTokens: state.outputTokens + event.data.outputTokens,
        costMicroUsd: state.costMicroUsd + microUsd(event.data.costUsd),
      };
    case 'RunFinished':
      return { ...state, status: 'finished' };
    case 'RunProgressed':
    case 'ToolCalled':
    case 'ProviderRateLimited':
      return state;
  }
};
