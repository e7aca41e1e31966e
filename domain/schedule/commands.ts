import * as t from 'io-ts';

/** Fire `job` for the cron slot `slot` (the ISO UTC minute the schedule named, not the time the scheduler woke). */
export const FireJob = t.type({ type: t.literal('FireJob'), job: t.string, slot: t.string });

export const ScheduleCommandCodec = FireJob;
export type ScheduleCommand = t.TypeOf<typeof FireJob>;
