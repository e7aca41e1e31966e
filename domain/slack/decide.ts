import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, type DomainError } from '../errors.js';
import type { SlackCommand } from './commands.js';
import type { SlackEvent } from './events.js';
import type { SlackPostState } from './state.js';

const addSeconds = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/**
 * Who sends a Slack message: the instance holding an unexpired claim. A posted message is never claimed again, and
 * only the claim's holder records the post, so two `swarm up` never both send one notification.
 */
export const decide = (cmd: SlackCommand, s: SlackPostState, ctx: DecisionContext): Either<DomainError, SlackEvent[]> => {
  if (ctx.actor.kind !== 'system') return left(forbidden('Slack deliveries are recorded by the system'));
  switch (cmd.type) {
    case 'ClaimSlackPost': {
      if (s.posted) return right([]);
      if (s.claim && s.claim.instance !== cmd.instance && s.claim.until > ctx.now)
        return left(conflict(`being posted by ${s.claim.instance} until ${s.claim.until}`));
      return right([{ type: 'SlackPostClaimed', data: { key: cmd.key, instance: cmd.instance, until: addSeconds(ctx.now, cmd.leaseSeconds) } }]);
    }
    case 'RecordSlackPost': {
      if (s.posted) return right([]);
      if (s.claim?.instance !== cmd.instance) return left(conflict('the post was claimed by another instance'));
      return right([
        { type: 'SlackMessagePosted', data: { key: cmd.key, channel: cmd.channel, ts: cmd.ts, ...(cmd.found ? { found: true } : {}), ...(cmd.facts ? { facts: cmd.facts } : {}) } },
      ]);
    }
    case 'LinkSlackThread': {
      if (s.thread) return right([]);
      const { type: _, ...data } = cmd;
      return right([{ type: 'SlackThreadLinked', data }]);
    }
    default: {
      const unknownCommand: never = cmd;
      return unknownCommand;
    }
  }
};
