import { refusalMessage, SimRefusal, text, type SimSession } from '../sim-session.js';

/**
 * monitor_github: the swarm checks the watched repositories (`swarm github monitor`, with its own token); when no
 * GitHub is configured there is nothing to watch, which is the answer. triage_issue: the one reply to a question,
 * built from the issue's text as data and posted by the swarm (`swarm github reply`).
 */
export const support = (s: SimSession): void => {
  if (s.task.type === 'triage_issue') {
    const p = s.task.payload;
    const repo = text(p, 'repo');
    const number = Number(p.issue_number);
    if (!repo || !Number.isInteger(number)) {
      s.complete({ replied: false, reason: 'the task names no GitHub issue (repo, issue_number)' });
      return;
    }
    const title = text(p, 'issue_title');
    const body = `Thanks for asking${title ? ` about "${title.slice(0, 80)}"` : ''}. The README's usage section covers the options; if it does not answer this, reply here with what you tried and we will follow up.`;
    const replied = s.cli('swarm', ['github', 'reply', `${repo}#${number}`, '--body', body, '--json']);
    if (replied.exitCode !== 0) throw new SimRefusal(`swarm github reply failed: ${refusalMessage(replied)}`);
    s.complete({ replied: true, url: replied.json?.url ?? null });
    return;
  }
  const checked = s.cli('swarm', ['github', 'monitor', '--json']);
  if (checked.exitCode === 0 && checked.json?.configured === false) {
    s.complete({ checked: 0, reason: 'GitHub not configured' });
    return;
  }
  if (checked.exitCode !== 0) throw new SimRefusal(`swarm github monitor failed: ${refusalMessage(checked)}`);
  s.complete({ checked: true, repos: checked.json?.repos ?? [] });
};
