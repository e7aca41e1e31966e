import { isLeft } from 'fp-ts/lib/Either.js';
import type { NotificationSubject } from '../../domain/notification/index.js';
import { approvalsProjection } from '../../projections/approvals/approvals-projection.js';
import { getApproval, getProject } from '../../projections/approvals/queries.js';
import { freshReader } from '../../projections/engine/fresh-reader.js';
import { decideGateItem } from '../commands/gate-decisions.js';
import type { SwarmRuntime } from '../commands/runtime.js';
import { rejectModal, slackEscape, type Block } from './decision-messages.js';
import { notAllowed, operatorCaller, type SlackAllowList } from './slack-caller.js';
import type { SlackPoster } from './slack-poster.js';
import { shortId as short } from '../../domain/log/short-id.js';

export interface ClickedMessage {
  readonly channel: string;
  readonly ts: string;
  /** The blocks as Slack showed them (a button's click carries them). */
  readonly blocks?: readonly Block[];
}

export interface SlackDecisionDeps {
  readonly runtime: SwarmRuntime;
  readonly poster: SlackPoster;
  readonly allowList: SlackAllowList;
}


/** The item as it stands: its title, status and who decided it. */
const itemNow = async (runtime: SwarmRuntime, subject: NotificationSubject) => {
  const docs = await freshReader(runtime.log, runtime.projections, approvalsProjection);
  if (subject.kind === 'project') {
    const p = getProject(docs, subject.id);
    return p && { title: `Project proposal: ${p.title}`, status: p.status as string, decidedBy: p.decidedBy, reason: p.reviewerNotes };
  }
  const a = getApproval(docs, subject.id);
  return a && { title: `Ready for approval: ${a.productName}`, status: a.status as string, decidedBy: a.decidedBy, reason: a.reviewerNotes };
};

export type DecisionAnswer =
  | { readonly kind: 'decided'; readonly status: string }
  /** The person is told why (ephemeral); nothing was appended. */
  | { readonly kind: 'refused'; readonly message: string };

/**
 * A person pressed Approve or Defer, or submitted the reject modal (issue 19 point 3): only an allow-listed user
 * decides, under the operator's name, through the same gate service as `swarm approve|reject|defer`; the outbox then
 * shows who decided what on the message. An item already decided answers "already decided by …".
 */
export const decideFromSlack = async (
  deps: SlackDecisionDeps,
  input: { slackUserId: string; subject: NotificationSubject; decision: 'approve' | 'reject' | 'defer'; reason?: string; message: ClickedMessage },
): Promise<DecisionAnswer> => {
  const operator = deps.allowList(input.slackUserId);
  if (!operator) return { kind: 'refused', message: notAllowed(input.slackUserId) };
  const before = await itemNow(deps.runtime, input.subject);
  if (!before) return { kind: 'refused', message: `❌ ${input.subject.kind === 'project' ? 'project' : 'product approval'} ${short(input.subject.id)} is not known to this swarm` };
  // A deferred project is still open (it can be approved or rejected later); anything else decided is final.
  if (before.decidedBy && before.status !== 'pending' && before.status !== 'deferred')
    return { kind: 'refused', message: slackEscape(`This was already decided by ${before.decidedBy}: ${before.status}${before.reason ? ` (${before.reason})` : ''}`) };
  const decided = await decideGateItem(deps.runtime, operatorCaller(operator), {
    id: input.subject.id,
    decision: input.decision,
    ...(input.decision === 'reject' ? { reason: input.reason ?? '' } : { note: `${input.decision === 'approve' ? 'Approved' : 'Deferred'} via Slack` }),
  });
  if (isLeft(decided)) {
    const now = await itemNow(deps.runtime, input.subject);
    if (now?.decidedBy && now.status !== 'pending') return { kind: 'refused', message: `This was already decided by ${now.decidedBy}: ${now.status}` };
    return { kind: 'refused', message: `❌ ${slackEscape(decided.left.message)}` };
  }
  // The outbox shows the decision on the message (as it does for one made at the CLI or the dashboard).
  return { kind: 'decided', status: decided.right.status };
};

/** Reject pressed: an allow-listed user gets the modal asking for the reason; anyone else is told no. */
export const openRejectModal = async (
  deps: SlackDecisionDeps,
  input: { slackUserId: string; subject: NotificationSubject; triggerId: string; message: ClickedMessage },
): Promise<DecisionAnswer | undefined> => {
  const operator = deps.allowList(input.slackUserId);
  if (!operator) return { kind: 'refused', message: notAllowed(input.slackUserId) };
  const item = await itemNow(deps.runtime, input.subject);
  if (!item) return { kind: 'refused', message: `❌ ${short(input.subject.id)} is not known to this swarm` };
  if (item.decidedBy && item.status !== 'pending' && item.status !== 'deferred') return { kind: 'refused', message: `This was already decided by ${item.decidedBy}: ${item.status}` };
  await deps.poster.openView(input.triggerId, rejectModal(input.subject, item.title, { channel: input.message.channel, ts: input.message.ts }));
  return undefined;
};
