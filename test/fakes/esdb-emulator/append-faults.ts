// Faults a test asks the node to commit on its next appends (BatchAppend and Append alike): the ways a real node
// leaves a client not knowing whether its write committed.
export type AppendFault =
  /** Commits, then cuts the call (UNAVAILABLE) before answering: the write took effect, the client cannot know. */
  | 'commit-then-drop'
  /** Cuts the call without committing. */
  | 'drop'
  /** Commits nothing; answers `Timeout` once the deadline the client set has passed. */
  | 'timeout'
  /** Answers `Timeout` at the client's deadline, and commits shortly after (a slow commit that still lands). */
  | 'commit-after-timeout'
  /** Never answers, commits nothing (until the node stops). */
  | 'hold';

export class AppendFaults {
  private readonly queue: AppendFault[] = [];

  /** The next `times` appends suffer `fault`, after any already queued. */
  inject(fault: AppendFault, times = 1): void {
    for (let i = 0; i < times; i++) this.queue.push(fault);
  }

  take(): AppendFault | undefined {
    return this.queue.shift();
  }
}

/** How long until a deadline (never negative). */
export const msUntil = (deadline: Date | undefined): number => (deadline ? Math.max(0, deadline.getTime() - Date.now()) : 0);

/** How a long commit that lands after the client gave up is modelled: this long after the Timeout answer. */
export const LATE_COMMIT_MS = 50;

/** What an append handler does with one append, given the fault (if any) injected for it. */
export interface AppendSteps<Outcome> {
  commit(): Outcome;
  answer(outcome: Outcome): void;
  /** Answers the server's `Timeout` (the client's deadline passed before the commit was known). */
  timeout(): void;
  /** Cuts the call as a dropped connection does. */
  cut(): void;
  /** When the client said it gives up waiting. */
  readonly deadline: Date | undefined;
}

export const runAppend = <Outcome>(fault: AppendFault | undefined, steps: AppendSteps<Outcome>): void => {
  switch (fault) {
    case undefined:
      return steps.answer(steps.commit());
    case 'drop':
      return steps.cut();
    case 'commit-then-drop':
      steps.commit();
      return steps.cut();
    case 'timeout':
      return void setTimeout(() => steps.timeout(), msUntil(steps.deadline));
    case 'commit-after-timeout':
      return void setTimeout(() => {
        steps.timeout();
        setTimeout(() => steps.commit(), LATE_COMMIT_MS);
      }, msUntil(steps.deadline));
    case 'hold':
      return;
  }
};
