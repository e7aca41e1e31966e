import type { LockEvent } from './events.js';

export interface LockState {
  /** Who holds the lock, if anyone; a holder whose `expiresAt` has passed can be taken over. */
  readonly holder: string | undefined;
  readonly expiresAt: string | undefined;
}

export const initialState: LockState = { holder: undefined, expiresAt: undefined };

export const evolve = (state: LockState, event: LockEvent): LockState => {
  switch (event.type) {
    case 'LockAcquired':
      return { holder: event.data.holder, expiresAt: event.data.expiresAt };
    case 'LockRefreshed':
      return { ...state, expiresAt: event.data.expiresAt };
    case 'LockReleased':
    case 'LockExpired':
      return initialState;
    default: {
      const unknownEvent: never = event;
      return unknownEvent;
    }
  }
};
