import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, notFound, type DomainError } from '../errors.js';
import type { MemoryCommand } from './commands.js';
import type { MemoryEvent } from './events.js';
import type { MemoryState } from './state.js';

export const decide = (cmd: MemoryCommand, s: MemoryState, ctx: DecisionContext): Either<DomainError, readonly MemoryEvent[]> => {
  switch (cmd.type) {
    case 'RecordMemory':
      if (s.status !== 'none') return left(conflict('a memory with this id already exists', { field: 'memoryId' }));
      return right([
        {
          type: 'MemoryRecorded',
          data: {
            memoryId: cmd.memoryId,
            type: cmd.memoryType,
            content: cmd.content,
            tags: [...new Set(cmd.tags)],
            importance: cmd.importance,
            incomePotential: cmd.incomePotential,
            by: ctx.actor.id,
          },
        },
      ]);
    case 'ForgetMemory':
      if (s.status === 'none') return left(notFound('no such memory'));
      if (s.status === 'forgotten') return right([]);
      // One agent may not erase what another learned; people may.
      if (ctx.actor.kind === 'agent' && ctx.actor.id !== s.by) return left(forbidden(`only ${s.by} or a person may forget this memory`));
      return right([{ type: 'MemoryForgotten', data: { by: ctx.actor.id, reason: cmd.reason } }]);
    default: {
      const unknown: never = cmd;
      return unknown;
    }
  }
};
