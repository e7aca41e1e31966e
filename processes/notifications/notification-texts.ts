import type { ApprovalRequested } from '../../domain/approval/index.js';
import type { ProjectSubmitted } from '../../domain/project/index.js';
import type { RefusalReason } from '../../domain/refusal/index.js';
import type { Notification } from './notifier.js';
import { shortId as short } from '../../domain/log/short-id.js';

/** Ids are long; people type the first eight characters (the CLI resolves prefixes). */
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const linkTo = (base: string | undefined, path: string) => (base ? { link: `${base.replace(/\/+$/, '')}${path}` } : {});

const testLine = (status: ApprovalRequested['data']['testStatus']) =>
  status === 'fail'
    ? 'Tests: FAIL (approving it needs --override-tests --note "why")'
    : status === 'pass'
      ? 'Tests: PASS'
      : 'Tests: no test report';

/** A finished product waits for a person (NOTIF-02, now fired whichever path submitted it: W-33); its test status first. */
export const approvalReady = (data: ApprovalRequested['data'], dashboardUrl?: string): Notification => ({
  kind: 'approval_ready',
  title: `Ready for approval: ${data.productName}`,
  text: [
    testLine(data.testStatus),
    `${data.productType} for ${data.platform}, submitted by ${data.submittedBy}${data.price !== undefined ? `, price ${data.price}` : ''}`,
    cut(data.description, 300),
    `Approve: swarm approve ${short(data.approvalId)}    Reject: swarm reject ${short(data.approvalId)} --reason "…"`,
  ].join('\n'),
  ...linkTo(dashboardUrl, `/approvals/${data.approvalId}`),
  subject: { kind: 'approval', id: data.approvalId },
});

const ratingMark = (rating: number) => (rating >= 7 ? '🟢' : rating >= 5 ? '🟡' : '🔴');

/** An approved product did not go out (issue 17): a person must hear it, and can send it out again. */
export const publishFailed = (
  data: { approvalId: string; reason: string; productName?: string; platform?: string; taskId?: string },
  dashboardUrl?: string,
): Notification => ({
  kind: 'publish_failed',
  title: `Publish failed: ${data.productName ?? data.approvalId}`,
  text: [
    `${data.platform ? `On ${data.platform}: ` : ''}${cut(data.reason, 300)}${data.taskId ? ` (task ${short(data.taskId)})` : ''}`,
    `Retry: swarm approvals retry ${short(data.approvalId)}`,
  ].join('\n'),
  ...linkTo(dashboardUrl, `/approvals/${data.approvalId}`),
});

/** A project proposal waits for a person before anything is built (NOTIF-03). */
export const projectProposal = (data: ProjectSubmitted['data'], dashboardUrl?: string): Notification => ({
  kind: 'project_proposal',
  title: `Project proposal: ${data.title}`,
  text: [
    `${ratingMark(data.combinedRating)} rated ${data.combinedRating}/10 (hunter ${data.hunterRating}, critic ${data.criticRating}), by ${data.submittedBy}`,
    `Pitch: ${cut(data.hunterPitch, 100)}`,
    `Revenue: ${data.maxRevenueEstimate} · Effort: ${data.effortEstimate} · Market: ${data.marketSize}`,
    `Approve: swarm approve ${short(data.projectId)}    Reject: swarm reject ${short(data.projectId)} --reason "…"    Defer: swarm defer ${short(data.projectId)}`,
  ].join('\n'),
  ...linkTo(dashboardUrl, `/projects/${data.projectId}`),
  subject: { kind: 'project', id: data.projectId },
});

export interface FailedTaskFacts {
  readonly taskId: string;
  readonly type?: string;
  readonly title?: string;
  readonly agent?: string;
  readonly reason: string;
  readonly deadLettered: boolean;
  readonly attempts?: number;
}

/** A task failed (NOTIF-04): which, who, why; and whether it is out of retries. */
export const taskFailed = (f: FailedTaskFacts, dashboardUrl?: string): Notification => ({
  kind: 'task_failed',
  title: `Task failed: ${f.type ?? 'task'}${f.title ? ` — ${cut(f.title, 80)}` : ''}`,
  text: [
    `Task ${short(f.taskId)}${f.agent ? `, agent ${f.agent}` : ''}: ${cut(f.reason, 200)}`,
    ...(f.deadLettered ? [`Dead-lettered${f.attempts !== undefined ? ` after ${f.attempts} attempts` : ''}: no more retries.`] : []),
  ].join('\n'),
  ...linkTo(dashboardUrl, `/tasks/${f.taskId}`),
});

/** An agent hit its provider's limit (NOTIF-01); the task is retried, not failed. */
export const rateLimited = (f: { provider: string; resetAt?: string; agent?: string; runId: string }): Notification => ({
  kind: 'rate_limit',
  title: `⏸️ Rate limit hit: ${f.provider}`,
  text: `${f.agent ?? 'An agent'} hit the ${f.provider} limit in run ${short(f.runId)}; ${
    f.resetAt ? `it resets at ${f.resetAt}` : 'no reset time was given'
  }. The task is retried on a fallback provider or after the reset.`,
});

export const budgetWarning = (f: { scope: string; day: string; used: number; limit: number }): Notification => ({
  kind: 'budget',
  title: `Token budget at ${Math.round((f.used / f.limit) * 100)}%: ${f.scope}`,
  text: `${f.scope === 'swarm' ? 'The swarm' : f.scope} used ${f.used.toLocaleString('en-US')} of ${f.limit.toLocaleString('en-US')} tokens on ${f.day}.`,
});

export const budgetExhausted = (f: { scope: string; day: string; used: number; limit: number }): Notification => ({
  kind: 'budget',
  title: `Token budget exhausted: ${f.scope}`,
  text: `${f.scope === 'swarm' ? 'The swarm' : f.scope} used ${f.used.toLocaleString('en-US')} of ${f.limit.toLocaleString('en-US')} tokens on ${f.day} and is paused (nothing is stopped mid-task). A person can raise the budget or let it resume for the day.`,
});

/** How many refused commands of one run (or, without a run, of one UTC day) are notified; the rest are only recorded. */
export const refusalNotificationsPerRun = 5;

const refusalReasonWords: Readonly<Record<RefusalReason, string>> = {
  human_only: 'a human-only command',
  not_for_agents: 'not a command for agents',
  acting_for_another_agent: 'acting for another agent',
  run_ended: 'its run had ended',
  unknown_token: 'a token the swarm never issued',
};

export interface RefusalFacts {
  readonly agent: string;
  readonly command: string;
  readonly reason: RefusalReason;
  readonly message: string;
  readonly runId?: string;
  readonly taskId?: string;
  /** The last refusal of its run that is notified: the text says later ones are only recorded. */
  readonly lastNotified?: boolean;
}

/**
 * An agent run sent a command it has no authority for, and the swarm refused it (issue 13 point 5): who, in which
 * run, what it tried, why it was refused. The command is the agent's own text, cut short.
 */
export const agentRefused = (f: RefusalFacts, dashboardUrl?: string): Notification => ({
  kind: 'agent_refused',
  title: `🚫 Agent command refused: ${f.agent} — ${refusalReasonWords[f.reason]}`,
  text: [
    `${f.agent}${f.runId ? ` in run ${short(f.runId)}` : ''}${f.taskId ? ` (task ${short(f.taskId)})` : ''} sent: ${cut(f.command, 200)}`,
    `Refused: ${cut(f.message, 300)}`,
    'Nothing was done; the refusal is recorded (swarm status, the dashboard Overview).',
    ...(f.lastNotified
      ? [`Further refused commands ${f.runId ? 'of this run' : 'without a run today'} are recorded but not notified.`]
      : []),
  ].join('\n'),
  ...linkTo(dashboardUrl, f.runId ? `/replay?run=${f.runId}` : '/'),
});
