import * as t from 'io-ts';

/**
 * What a notification is about (SPEC §5 notifications; the original's NOTIF-01…07), and `agent_refused`: the agent
 * endpoint refused a command of an agent run for lack of authority (SPEC §6 "Containment", issue 13 point 5).
 */
export const NotificationKind = t.keyof(
  { approval_ready: null, project_proposal: null, task_failed: null, rate_limit: null, budget: null, daily_summary: null, agent_refused: null, publish_failed: null },
  'one of approval_ready, project_proposal, task_failed, rate_limit, budget, daily_summary, agent_refused, publish_failed',
);
export type NotificationKind = t.TypeOf<typeof NotificationKind>;

/** What a notification asks a person to decide on, if anything: Slack puts the decision buttons on it. */
export const NotificationSubject = t.type({ kind: t.keyof({ approval: null, project: null }), id: t.string });
export type NotificationSubject = t.TypeOf<typeof NotificationSubject>;
export const notificationKinds = Object.keys(NotificationKind.keys) as NotificationKind[];

/**
 * A notification the system raised for people (Slack, the dashboard). Recorded once per notification id, which is
 * derived from what caused it, so a redelivered cause or a second `swarm up` never notifies twice.
 */
export const NotificationRaised = t.type({
  type: t.literal('NotificationRaised'),
  data: t.intersection([
    t.type({ notificationId: t.string, kind: NotificationKind, title: t.string, text: t.string }),
    t.partial({ link: t.string, causeEventId: t.string, subject: NotificationSubject }),
  ]),
});

export const NotificationEventCodec = NotificationRaised;
export type NotificationEvent = t.TypeOf<typeof NotificationRaised>;
export const notificationEventTypes = ['NotificationRaised'] as const;
