import { eventIdsAfter, type EventIds } from '../../domain/log/event-ids.js';
import { followUpEventId, newEventId } from './event-ids.js';

/**
 * The ids one invocation of a person's command uses, all derived from its command id (`SWARM_COMMAND_ID`, else a
 * new one): run again with the same command id, the command makes the same ids in the same order, so what the first
 * run already wrote is found in its stream and not written twice. This settles a command whose append answer was
 * lost (`append_outcome_unknown`): the person runs it again with the id the error names.
 */
export interface CommandIds {
  readonly commandId: string;
  /** An aggregate id (task, proposal, …). */
  newId(): string;
  /** An event id outside `eventIdsFor` (events appended without a decider). */
  newEventId(): string;
  /** The ids of the events of the next command on `stream` (one sequence per call, counted per stream). */
  eventIdsFor(stream: string): EventIds;
}

export const commandIds = (given?: string): CommandIds => {
  const commandId = given ?? newEventId();
  let ids = 0;
  let events = 0;
  const calls = new Map<string, number>();
  return {
    commandId,
    newId: () => followUpEventId(commandId, `id#${ids++}`),
    newEventId: () => followUpEventId(commandId, `event#${events++}`),
    eventIdsFor: (stream) => {
      const call = calls.get(stream) ?? 0;
      calls.set(stream, call + 1);
      const ids = (index: number) => followUpEventId(commandId, `${stream}#${call}#${index}`);
      // A new command id: no event can hold these ids yet. A given one (a retry) may have written them at any time.
      return given === undefined ? eventIdsAfter(ids, 'new') : ids;
    },
  };
};
