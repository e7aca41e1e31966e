import type { CommandCaller } from '../commands/runtime.js';

/** Who a Slack user is to the swarm: an allow-listed user is an operator, whose name the events carry. */
export interface SlackUser {
  readonly slackUserId: string;
  /** The operator this Slack user is mapped to; undefined when the user is not allow-listed. */
  readonly operator?: string;
}

/** Looks a Slack user up in the allow-list (`swarm operator add NAME --slack U…`, or SLACK_ALLOWED_USERS). */
export type SlackAllowList = (slackUserId: string) => string | undefined;

export const operatorCaller = (operator: string): CommandCaller => ({ actor: { kind: 'human', id: operator } });

export const notAllowed = (slackUserId: string): string =>
  `❌ You are not on this swarm's list of operators (your Slack id is ${slackUserId}). An operator can add you: swarm operator add NAME --slack ${slackUserId}`;
