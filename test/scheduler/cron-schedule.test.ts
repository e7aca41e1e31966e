import { isLeft } from 'fp-ts/lib/Either.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCron, type CronSchedule } from '../../processes/scheduler/cron-schedule.js';

const schedule = (expression: string): CronSchedule => {
  const parsed = parseCron(expression);
  if (isLeft(parsed)) throw new Error(parsed.left.message);
  return parsed.right;
};

/** The next `n` slots strictly after `from`. */
const slotsAfter = (expression: string, from: string, n: number): string[] => {
  const s = schedule(expression);
  const out: string[] = [];
  let at = from;
  for (let i = 0; i < n; i++) {
    const next = s.nextAfter(at);
    if (!next) break;
    out.push(next);
    at = next;
  }
  return out;
};

const z = (local: string) => `${local}:00.000Z`;

// 2024-01-01 is a Monday. Each row: expression, from, the slots expected next.
const table: [string, string, string, string[]][] = [
  ['every five minutes', '*/5 * * * *', z('2024-01-01T00:03'), [z('2024-01-01T00:05'), z('2024-01-01T00:10'), z('2024-01-01T00:15')]],
  ['every 6 hours (hunter scan)', '0 */6 * * *', z('2024-01-01T00:00'), [z('2024-01-01T06:00'), z('2024-01-01T12:00'), z('2024-01-01T18:00'), z('2024-01-02T00:00')]],
  ['hourly (github monitor)', '0 * * * *', z('2024-01-01T10:30'), [z('2024-01-01T11:00'), z('2024-01-01T12:00')]],
  ['daily at 09:00 UTC (summary)', '0 9 * * *', z('2024-01-01T09:00'), [z('2024-01-02T09:00'), z('2024-01-03T09:00')]],
  ['weekday 1 is Monday, not Tuesday (W-30)', '0 9 * * 1', z('2023-12-31T12:00'), [z('2024-01-01T09:00'), z('2024-01-08T09:00')]],
  ['weekday 0 is Sunday (W-30)', '0 3 * * 0', z('2024-01-01T00:00'), [z('2024-01-07T03:00'), z('2024-01-14T03:00')]],
  ['weekday 7 is Sunday too', '0 3 * * 7', z('2024-01-01T00:00'), [z('2024-01-07T03:00'), z('2024-01-14T03:00')]],
  ['weekday names', '0 0 * * mon-fri', z('2024-01-05T12:00'), [z('2024-01-08T00:00'), z('2024-01-09T00:00')]],
  ['a range with a step a-b/n (W-30)', '0 1-10/3 * * *', z('2024-01-01T00:00'), [z('2024-01-01T01:00'), z('2024-01-01T04:00'), z('2024-01-01T07:00'), z('2024-01-01T10:00'), z('2024-01-02T01:00')]],
  ['a weekday range with a step', '0 0 * * 1-5/2', z('2023-12-31T12:00'), [z('2024-01-01T00:00'), z('2024-01-03T00:00'), z('2024-01-05T00:00'), z('2024-01-08T00:00')]],
  ['a list of values', '15,45 8 * * *', z('2024-01-01T08:20'), [z('2024-01-01T08:45'), z('2024-01-02T08:15')]],
  ['day of month OR weekday when both are restricted, as real cron (W-30)', '0 0 13 * 5', z('2024-01-01T00:00'), [z('2024-01-05T00:00'), z('2024-01-12T00:00'), z('2024-01-13T00:00'), z('2024-01-19T00:00')]],
  ['day of month alone when the weekday is *', '0 6 1 * *', z('2024-01-02T00:00'), [z('2024-02-01T06:00'), z('2024-03-01T06:00')]],
  ['the 31st skips short months', '0 0 31 * *', z('2024-01-31T00:00'), [z('2024-03-31T00:00'), z('2024-05-31T00:00')]],
  ['29 February only in leap years', '0 0 29 2 *', z('2024-03-01T00:00'), [z('2028-02-29T00:00')]],
  ['month names', '0 0 1 jan,jul *', z('2024-01-01T00:00'), [z('2024-07-01T00:00'), z('2025-01-01T00:00')]],
];

for (const [name, expression, from, expected] of table) {
  test(`${name}: ${expression}`, () => {
    assert.equal(slotsAfter(expression, from, expected.length), expected);
  });
}

test('slots are UTC whatever the process time zone is (W-30: the original used local time)', () => {
  const before = process.env.TZ;
  try {
    for (const tz of ['America/New_York', 'Asia/Kolkata', 'Pacific/Chatham']) {
      process.env.TZ = tz;
      assert.equal(slotsAfter('30 9 * * 0', z('2024-03-09T12:00'), 2), [z('2024-03-10T09:30'), z('2024-03-17T09:30')], tz);
    }
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
});

test('a date that never comes has no next slot', () => {
  assert.is(schedule('0 0 31 2 *').nextAfter(z('2024-01-01T00:00')), undefined);
});

test('the latest slot at or before a time includes a slot exactly at that time', () => {
  const s = schedule('*/5 * * * *');
  assert.is(s.latestAtOrBefore(z('2024-01-01T00:10')), z('2024-01-01T00:10'));
  assert.is(s.latestAtOrBefore('2024-01-01T00:14:59.999Z'), z('2024-01-01T00:10'));
  assert.is(schedule('0 9 * * *').latestAtOrBefore(z('2024-01-02T08:59')), z('2024-01-01T09:00'));
});

const refusals: [string, RegExp][] = [
  ['0 9 * *', /exactly five fields/],
  ['0 0 9 * * *', /exactly five fields/],
  ['', /exactly five fields/],
  ['@daily', /exactly five fields/],
  ['60 * * * *', /minute "60": 60 is outside 0–59/],
  ['0 24 * * *', /hour "24": 24 is outside 0–23/],
  ['0 0 0 * *', /day of month "0": 0 is outside 1–31/],
  ['0 0 * 13 *', /month "13": 13 is outside 1–12/],
  ['0 0 * * 8', /day of week "8": 8 is outside 0–7/],
  ['*/0 * * * *', /step must be 1 or more/],
  ['5/15 * * * *', /a step needs \* or a range/],
  ['0 0 L * *', /expected \*, a number/],
  ['0 0 * * 5#2', /expected \*, a number/],
  ['0 0 * * fun', /"fun" is not a weekday/],
  ['0 0 5-1 * *', /not a valid cron expression/],
];

for (const [expression, message] of refusals) {
  test(`"${expression}" is refused with a reason, naming the field`, () => {
    const parsed = parseCron(expression, 'jobs.0.schedule');
    if (!isLeft(parsed)) throw new Error(`accepted ${expression}`);
    assert.is(parsed.left.code, 'invalid');
    assert.is(parsed.left.field, 'jobs.0.schedule');
    assert.match(parsed.left.message, message);
  });
}

test.run();
