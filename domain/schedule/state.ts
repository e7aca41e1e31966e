import type { ScheduleEvent } from './events.js';

export interface ScheduleState {
  /** The latest slot fired in this stream; slots only move forward. */
  readonly lastSlot: string | undefined;
  readonly firings: number;
}

export const initialState: ScheduleState = { lastSlot: undefined, firings: 0 };

export const evolve = (state: ScheduleState, event: ScheduleEvent): ScheduleState => {
  switch (event.type) {
    case 'JobFired':
      return { lastSlot: event.data.slot, firings: state.firings + 1 };
    default: {
      const unknownEvent: never = event.type;
      return unknownEvent;
    }
  }
};
