import * as assert from 'uvu/assert';
import type { Decider, DecisionContext, DomainEvent } from '../../domain/decider.js';
import type { DomainErrorCode } from '../../domain/errors.js';

/**
 * Given events / when command / then events (or a refusal), for any decider. Example:
 *   spec(taskDecider).given([created]).when(claim, ctx).thenEvents([claimed])
 *   spec(taskDecider).given([created, claimed]).when(complete, ctx).thenFails('forbidden')
 */
export const spec = <C, E extends DomainEvent, S, Ctx extends DecisionContext>(decider: Decider<C, E, S, Ctx>) => ({
  given: (events: readonly E[]) => ({
    when: (command: C, ctx: Ctx) => {
      const state = events.reduce(decider.evolve, decider.initialState);
      const outcome = decider.decide(command, state, ctx);
      return {
        thenEvents: (expected: readonly E[]) => {
          if (outcome._tag === 'Left') assert.unreachable(`expected events, got refusal: ${outcome.left.code} ${outcome.left.message}`);
          else assert.equal(outcome.right, expected);
        },
        /** Refused with this code; optionally the field and a fragment of the message. */
        thenFails: (code: DomainErrorCode, expect: { field?: string; message?: RegExp } = {}) => {
          if (outcome._tag === 'Right') assert.unreachable(`expected a ${code} refusal, got events ${JSON.stringify(outcome.right)}`);
          else {
            assert.is(outcome.left.code, code, outcome.left.message);
            if (expect.field !== undefined) assert.is(outcome.left.field, expect.field);
            if (expect.message) assert.match(outcome.left.message, expect.message);
          }
        },
        /** The events, for assertions on part of them; fails the test on a refusal. */
        events: (): readonly E[] => {
          if (outcome._tag === 'Left') throw new Error(`refused: ${outcome.left.code} ${outcome.left.message}`);
          return outcome.right;
        },
        state: (): S => state,
      };
    },
  }),
});
