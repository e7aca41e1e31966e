import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecisionContext } from '../decider.js';
import { conflict, forbidden, invalid, type DomainError } from '../errors.js';
import type { ScheduleCommand } from './commands.js';
import type { ScheduleEvent } from './events.js';
import type { ScheduleState } from './state.js';

/** A job name: lower-case words joined by `_`, so it reads well in a stream name (`schedule-daily_summary-…`). */
export const jobNamePattern = /^[a-z][a-z0-9_]{0,62}$/;
/** A slot is a whole UTC minute, as cron names it. */
const slotPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/;
// The round trip refuses dates that Date would roll over (30 February becomes 2 March).
const isWholeUtcMinute = (slot: string): boolean =>
  slotPattern.test(slot) && !Number.isNaN(Date.parse(slot)) && new Date(slot).toISOString() === slot;

/**
 * Once per slot: the idempotency of scheduled firings lives here, so two `swarm up` instances on one log, or a
 * scheduler restarted in the middle of a slot, fire each job at most once per slot. A slot at or before the last
 * one fired is refused (slots only move forward), and so is a slot still in the future.
 */
export const decide = (cmd: ScheduleCommand, s: ScheduleState, ctx: DecisionContext): Either<DomainError, ScheduleEvent[]> => {
  switch (cmd.type) {
    case 'FireJob': {
      if (!jobNamePattern.test(cmd.job))
        return left(invalid(`job: "${cmd.job}" is not a job name (lower-case letters, digits and _; starting with a letter)`, { field: 'job' }));
      if (!isWholeUtcMinute(cmd.slot))
        return left(invalid(`slot: expected a whole UTC minute like 2024-01-01T09:00:00.000Z, got "${cmd.slot}"`, { field: 'slot' }));
      if (ctx.actor.kind !== 'system') return left(forbidden('only the scheduler fires scheduled jobs; create a task instead'));
      if (Date.parse(cmd.slot) > Date.parse(ctx.now)) return left(conflict(`slot ${cmd.slot} of ${cmd.job} has not come yet (now ${ctx.now})`));
      if (s.lastSlot !== undefined && cmd.slot === s.lastSlot)
        return left(conflict(`${cmd.job} already fired for ${cmd.slot}`, { details: { alreadyFired: true, slot: cmd.slot } }));
      if (s.lastSlot !== undefined && cmd.slot < s.lastSlot)
        return left(conflict(`${cmd.job} already fired for a later slot (${s.lastSlot}) than ${cmd.slot}`, { details: { alreadyFired: true, slot: cmd.slot } }));
      return right([{ type: 'JobFired', data: { job: cmd.job, slot: cmd.slot, firedBy: ctx.actor.id } }]);
    }
    default: {
      const unknownCommand: never = cmd.type;
      return unknownCommand;
    }
  }
};
