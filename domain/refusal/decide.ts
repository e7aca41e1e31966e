import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { forbidden, type DomainError } from '../errors.js';
import type { RefusalCommand } from './commands.js';
import type { RefusalEvent } from './events.js';
import type { RefusalState } from './state.js';

/** Longest command text kept in a refusal (the command line as the agent sent it). */
export const maxRefusedCommandLength = 500;

/** A refusal is recorded by the swarm (never by an agent about itself), once per refusal id. */
export const decide = (cmd: RefusalCommand, s: RefusalState, ctx: DecisionContext): Either<DomainError, RefusalEvent[]> => {
  switch (cmd.type) {
    case 'RecordRefusal': {
      if (ctx.actor.kind !== 'system') return left(forbidden('refusals are recorded by the swarm'));
      if (s.recorded) return right([]);
      const { type: _, ...data } = cmd;
      const command = cmd.command.length > maxRefusedCommandLength ? `${cmd.command.slice(0, maxRefusedCommandLength - 1)}…` : cmd.command;
      return right([{ type: 'AgentCommandRefused', data: { ...data, command, at: ctx.now } }]);
    }
    default: {
      const unknownCommand: never = cmd.type;
      return unknownCommand;
    }
  }
};
