import type { EventIds } from '../../domain/log/event-ids.js';
import type { RecordedEvent } from '../../domain/log/envelope.js';
import type { CommandOrigin } from '../commands/handle-command.js';
import type { SwarmRuntime } from '../commands/runtime.js';

/** What a reaction gets to carry out one follow-up: the runtime, the causal origin, and the follow-up's own ids. */
export interface FollowUpContext {
  readonly runtime: SwarmRuntime;
  readonly origin: CommandOrigin;
  /** Ids for the events this follow-up appends, derived from the cause and the follow-up's purpose (so only after it). */
  readonly eventIds: EventIds;
  /** A deterministic id for a new aggregate this follow-up creates (a task id, an approval id …). */
  readonly derivedId: (purpose: string) => string;
}

/** One thing to do in reaction to an event. `purpose` must be unique among the follow-ups of one event. */
export interface FollowUp {
  readonly purpose: string;
  execute(ctx: FollowUpContext): Promise<void>;
}

/**
 * A process manager (SPEC §5): reacts to events by deciding follow-ups. `react` reads what it needs through the
 * runtime (read models caught up to at least the event's position) and returns follow-ups; it does not act itself.
 * Because every follow-up's event ids derive from the causing event, a redelivered event or a restart in the middle
 * appends nothing new.
 */
export interface ProcessManager {
  readonly name: string;
  readonly eventTypes: readonly string[];
  react(event: RecordedEvent, runtime: SwarmRuntime): Promise<readonly FollowUp[]> | readonly FollowUp[];
}
