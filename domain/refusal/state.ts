import type { RefusalEvent } from './events.js';

export interface RefusalState {
  readonly recorded: boolean;
}

export const initialState: RefusalState = { recorded: false };

export const evolve = (_state: RefusalState, event: RefusalEvent): RefusalState => {
  switch (event.type) {
    case 'AgentCommandRefused':
      return { recorded: true };
    default: {
      const unknownEvent: never = event.type;
      return unknownEvent;
    }
  }
};
