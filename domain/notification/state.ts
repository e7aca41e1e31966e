import type { NotificationEvent } from './events.js';

export interface NotificationState {
  readonly raised: boolean;
}

export const initialState: NotificationState = { raised: false };

export const evolve = (state: NotificationState, event: NotificationEvent): NotificationState => {
  switch (event.type) {
    case 'NotificationRaised':
      return { raised: true };
    default: {
      const unknownEvent: never = event.type;
      return unknownEvent;
    }
  }
};
