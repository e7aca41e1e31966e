import type { Either } from 'fp-ts/lib/Either.js';
import type { Actor } from './log/envelope.js';
import type { DomainError } from './errors.js';

/**
 * What a decision may know besides the command and the state: the time, the actor, the settings in force.
 * Deciders never read a clock or make random ids; everything non-deterministic arrives here.
 */
export interface DecisionContext {
  /** ISO-8601 UTC time of the decision. */
  readonly now: string;
  /** Who issued the command (agent, human operator, or the system). */
  readonly actor: Actor;
}

/** A domain event before it is put in an envelope: a type and its data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * A stream type's rules: `decide` turns a command into events (or a refusal) given the folded state,
 * `evolve` folds one event into the state. Both are pure.
 */
export interface Decider<Command, Event extends DomainEvent, State, Ctx extends DecisionContext = DecisionContext> {
  readonly initialState: State;
  readonly decide: (command: Command, state: State, ctx: Ctx) => Either<DomainError, readonly Event[]>;
  readonly evolve: (state: State, event: Event) => State;
}

export const fold = <Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State, never>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State => events.reduce(decider.evolve, decider.initialState);
