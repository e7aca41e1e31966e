import { forbidden, type DomainError } from '../errors.js';
import type { Actor } from '../log/envelope.js';

/**
 * The human gates (SPEC §3.6): only a human operator decides. Agents are refused, and so is the system, so no
 * process manager can ever wave an item through on its own.
 */
export const refusalUnlessHuman = (actor: Actor, what: string): DomainError | undefined =>
  actor.kind === 'human'
    ? undefined
    : forbidden(`only a human operator may ${what} (the ${actor.kind} "${actor.id}" asked)`, { details: { actor } });
