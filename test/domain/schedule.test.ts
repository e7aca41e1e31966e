import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecisionContext } from '../../domain/decider.js';
import type { Actor } from '../../domain/log/envelope.js';
import { scheduleDecider, scheduleStream, type ScheduleEvent } from '../../domain/schedule/index.js';
import { spec } from './spec.js';

const scheduler: Actor = { kind: 'system', id: 'scheduler' };
const at = (now: string, actor: Actor = scheduler): DecisionContext => ({ now, actor });
const fired = (slot: string, job = 'hunter_scan'): ScheduleEvent => ({ type: 'JobFired', data: { job, slot, firedBy: 'scheduler' } });
const fire = (slot: string, job = 'hunter_scan') => ({ type: 'FireJob' as const, job, slot });

test('a due slot fires once', () => {
  spec(scheduleDecider).given([]).when(fire('2026-01-01T06:00:00.000Z'), at('2026-01-01T06:00:02.000Z')).thenEvents([fired('2026-01-01T06:00:00.000Z')]);
});

test('the same slot fired again is refused: a second scheduler or a restart never fires twice', () => {
  spec(scheduleDecider)
    .given([fired('2026-01-01T06:00:00.000Z')])
    .when(fire('2026-01-01T06:00:00.000Z'), at('2026-01-01T06:01:00.000Z'))
    .thenFails('conflict', { message: /already fired/ });
});

test('a slot older than the last one fired is refused: slots only move forward', () => {
  spec(scheduleDecider)
    .given([fired('2026-01-01T12:00:00.000Z')])
    .when(fire('2026-01-01T06:00:00.000Z'), at('2026-01-01T12:01:00.000Z'))
    .thenFails('conflict', { message: /later slot/ });
});

test('the next slot fires after an earlier one', () => {
  spec(scheduleDecider)
    .given([fired('2026-01-01T06:00:00.000Z')])
    .when(fire('2026-01-01T12:00:00.000Z'), at('2026-01-01T12:00:00.000Z'))
    .thenEvents([fired('2026-01-01T12:00:00.000Z')]);
});

test('a slot that has not come yet is refused', () => {
  spec(scheduleDecider).given([]).when(fire('2026-01-01T06:00:00.000Z'), at('2026-01-01T05:59:59.000Z')).thenFails('conflict');
});

test('only the system fires jobs', () => {
  spec(scheduleDecider)
    .given([])
    .when(fire('2026-01-01T06:00:00.000Z'), at('2026-01-01T06:00:00.000Z', { kind: 'agent', id: 'hunter' }))
    .thenFails('forbidden');
  spec(scheduleDecider)
    .given([])
    .when(fire('2026-01-01T06:00:00.000Z'), at('2026-01-01T06:00:00.000Z', { kind: 'human', id: 'ana' }))
    .thenFails('forbidden');
});

test('a slot that is not a whole UTC minute is refused, naming slot', () => {
  for (const slot of ['2026-01-01T06:00:30.000Z', '2026-01-01T06:00:00+01:00', 'tomorrow', '2026-02-30T06:00:00.000Z'])
    spec(scheduleDecider).given([]).when(fire(slot), at('2026-03-01T00:00:00.000Z')).thenFails('invalid', { field: 'slot' });
});

test('a job name that would not read well in a stream name is refused, naming job', () => {
  for (const job of ['', 'Hunter', 'hunter-scan', '1scan', 'a b'])
    spec(scheduleDecider).given([]).when(fire('2026-01-01T06:00:00.000Z', job), at('2026-01-01T06:00:00.000Z')).thenFails('invalid', { field: 'job' });
});

test('firings are kept in one stream per job and UTC day of the slot', () => {
  assert.is(scheduleStream('daily_summary', '2026-01-01T09:00:00.000Z'), 'schedule-daily_summary-2026-01-01');
  assert.is(scheduleStream('lock_cleanup', '2026-01-01T23:55:00.000Z'), 'schedule-lock_cleanup-2026-01-01');
});

test.run();
