import type { SimSession } from '../sim-session.js';

/** monitor_github / triage_issue: offline there is no GitHub to watch (the workflow's answer). */
export const support = (s: SimSession): void => {
  s.complete({ checked: 0, reason: 'GitHub not configured' });
};
