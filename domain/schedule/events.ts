import * as t from 'io-ts';

/**
 * A scheduled job's firing for one cron slot (an ISO UTC minute). Appended at most once per job and slot, whoever
 * fires it: a second scheduler, or the same one after a restart, is refused (see decide).
 */
export const JobFired = t.type({
  type: t.literal('JobFired'),
  data: t.type({ job: t.string, slot: t.string, firedBy: t.string }),
});

export const ScheduleEventCodec = JobFired;
export type ScheduleEvent = t.TypeOf<typeof JobFired>;
export const scheduleEventTypes = ['JobFired'] as const;
