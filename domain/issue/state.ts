import type { IssueEvent, IssueKind } from './events.js';

export interface IssueState {
  readonly seen: boolean;
  readonly kind?: IssueKind;
  readonly taskId?: string;
  readonly replyUrl?: string;
}

export const initialState: IssueState = { seen: false };

export const evolve = (s: IssueState, e: IssueEvent): IssueState => {
  switch (e.type) {
    case 'IssueSeen':
      return { ...s, seen: true };
    case 'IssueClassified':
      return { ...s, kind: e.data.kind, taskId: e.data.taskId };
    case 'IssueReplied':
      return { ...s, replyUrl: e.data.url };
  }
};
