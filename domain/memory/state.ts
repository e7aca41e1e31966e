import type { MemoryEvent } from './events.js';

export interface MemoryState {
  readonly status: 'none' | 'recorded' | 'forgotten';
  readonly by?: string;
}

export const initialState: MemoryState = { status: 'none' };

export const evolve = (s: MemoryState, e: MemoryEvent): MemoryState => {
  switch (e.type) {
    case 'MemoryRecorded':
      return { status: 'recorded', by: e.data.by };
    case 'MemoryForgotten':
      return { ...s, status: 'forgotten' };
  }
};
