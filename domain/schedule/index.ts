import type { Decider, DecisionContext } from '../decider.js';
import type { ScheduleCommand } from './commands.js';
import { decide } from './decide.js';
import type { ScheduleEvent } from './events.js';
import { evolve, initialState, type ScheduleState } from './state.js';

export const scheduleDecider: Decider<ScheduleCommand, ScheduleEvent, ScheduleState, DecisionContext> = { initialState, decide, evolve };

/**
 * The stream of one job's firings on one UTC day: `schedule-<job>-<YYYY-MM-DD>` (the slot's day). One stream per
 * job per day keeps every firing a short read even for a five-minute job (288 events a day), where one stream per
 * job would be read whole, ever longer, on every firing. All of a job's firings: streams with prefix `schedule-<job>-`.
 */
export const scheduleStream = (job: string, slot: string): string => `schedule-${job}-${slot.slice(0, 10)}`;

export * from './commands.js';
export * from './events.js';
export { jobNamePattern } from './decide.js';
export type { ScheduleState } from './state.js';
