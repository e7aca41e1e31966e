import type { NotificationSubject } from '../../domain/notification/index.js';

/** Slack's Block Kit, as much of it as the swarm's messages use. */
export type Block = Record<string, unknown>;

export const actionIds = { approve: 'swarm_approve', reject: 'swarm_reject', defer: 'swarm_defer' } as const;
export const rejectModalCallbackId = 'swarm_reject_reason';
export const rejectReasonBlockId = 'reason';
export const rejectReasonActionId = 'reason_input';

/** Slack's three control characters in text: `&`, `<`, `>` (anything else is shown as written). */
export const slackEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export interface MessageFacts {
  readonly title: string;
  readonly text: string;
  readonly link?: string;
  readonly subject?: NotificationSubject;
}

/** What a button carries: the item and its kind, so the click needs no lookup to know what it is about. */
export const buttonValue = (subject: NotificationSubject): string => `${subject.kind}:${subject.id}`;
export const subjectOfButton = (value: string): NotificationSubject | undefined => {
  const [kind, id] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
  return (kind === 'approval' || kind === 'project') && id ? { kind, id } : undefined;
};

const body = (m: MessageFacts): Block[] => [
  { type: 'header', text: { type: 'plain_text', text: cut(m.title, 150), emoji: true } },
  { type: 'section', text: { type: 'mrkdwn', text: cut(slackEscape(m.text), 2900) } },
  ...(m.link ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${m.link}|Open in the dashboard>` }] }] : []),
];

/** A notification; a project proposal or a product approval carries Approve / Reject (and Defer for projects). */
export const notificationBlocks = (m: MessageFacts): Block[] => [
  ...body(m),
  ...(m.subject
    ? [
        {
          type: 'actions',
          block_id: `decide:${buttonValue(m.subject)}`,
          elements: [
            { type: 'button', action_id: actionIds.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value: buttonValue(m.subject) },
            { type: 'button', action_id: actionIds.reject, style: 'danger', text: { type: 'plain_text', text: 'Reject' }, value: buttonValue(m.subject) },
            ...(m.subject.kind === 'project'
              ? [{ type: 'button', action_id: actionIds.defer, text: { type: 'plain_text', text: 'Defer' }, value: buttonValue(m.subject) }]
              : []),
          ],
        },
      ]
    : []),
];

export interface DecisionOutcome {
  readonly status: string;
  readonly by: string;
  readonly reason?: string;
  readonly started?: string;
}

const verdict = (o: DecisionOutcome): string => {
  const mark = o.status === 'approved' ? '✅' : o.status === 'rejected' ? '❌' : o.status === 'deferred' ? '⏸️' : 'ℹ️';
  return `${mark} *${o.status[0]!.toUpperCase()}${o.status.slice(1)}* by ${slackEscape(o.by)}${o.reason ? `: ${slackEscape(cut(o.reason, 500))}` : ''}${o.started ? ` — started ${o.started}` : ''}`;
};

/**
 * The message once decided: the buttons give way to who decided what. From the message as Slack showed it when there
 * is one (a button's click carries it), else from the item's title (a modal's submission does not).
 */
export const decidedBlocks = (shown: readonly Block[] | undefined, title: string, outcome: DecisionOutcome): Block[] => [
  ...(shown?.length
    ? shown.filter((b) => b.type !== 'actions' && b.block_id !== 'verdict')
    : [{ type: 'header', text: { type: 'plain_text', text: cut(title, 150), emoji: true } }]),
  { type: 'section', block_id: 'verdict', text: { type: 'mrkdwn', text: verdict(outcome) } },
];
export const decidedText = (title: string, outcome: DecisionOutcome): string => `${slackEscape(title)} — ${verdict(outcome).replace(/\*/g, '')}`;

/** The modal a Reject opens: the reason is required; where the message is travels along in `private_metadata`. */
export const rejectModal = (subject: NotificationSubject, title: string, message: { channel: string; ts: string }): Record<string, unknown> => ({
  type: 'modal',
  callback_id: rejectModalCallbackId,
  private_metadata: JSON.stringify({ subject, channel: message.channel, ts: message.ts }),
  title: { type: 'plain_text', text: subject.kind === 'project' ? 'Reject project' : 'Reject product' },
  submit: { type: 'plain_text', text: 'Reject' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: `Why reject *${slackEscape(cut(title, 200))}*? The reason goes to the agents${subject.kind === 'approval' ? ' (the Builder fixes what it says)' : ''}.` } },
    {
      type: 'input',
      block_id: rejectReasonBlockId,
      label: { type: 'plain_text', text: 'Reason' },
      element: { type: 'plain_text_input', action_id: rejectReasonActionId, multiline: true, min_length: 1, max_length: 2000 },
    },
  ],
});
