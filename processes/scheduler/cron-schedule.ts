import { Cron } from 'croner';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { invalid, type DomainError } from '../../domain/errors.js';

/**
 * A five-field cron expression (`minute hour day-of-month month day-of-week`) evaluated in UTC, with the semantics
 * of real cron that the original got wrong (W-30): weekday 0 and 7 are Sunday, `a-b/n` steps through a range, and
 * when both day-of-month and day-of-week are restricted a day matching EITHER fires (POSIX; `*\/n` counts as
 * restricted). Month and weekday names (`jan`, `mon-fri`) are accepted; `@daily`, seconds fields and Quartz
 * extensions (`L`, `W`, `#`, `?`) are not, so every schedule reads the same to anyone who knows crontab(5).
 */
export interface CronSchedule {
  readonly expression: string;
  /** The first slot strictly after `after` (ISO), or undefined when the expression never matches (e.g. 31 Feb). */
  nextAfter(after: string): string | undefined;
  /** The last slot at or before `at` (ISO), if any. */
  latestAtOrBefore(at: string): string | undefined;
}

const fields = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
/** One list item: `*`, a value or a range, optionally with a step. Values are numbers or three-letter names. */
const item = /^(\*|([0-9]+|[a-z]{3})(-([0-9]+|[a-z]{3}))?)(\/([0-9]+))?$/i;

const checkField = (text: string, index: number): string | undefined => {
  const field = fields[index]!;
  const names = index === 3 ? months : index === 4 ? weekdays : [];
  for (const part of text.split(',')) {
    const m = item.exec(part);
    if (!m) return `${field.name} "${text}": expected *, a number, a range a-b, a list, or a step */n or a-b/n`;
    const values = [m[2], m[4]].filter((v): v is string => v !== undefined);
    for (const v of values) {
      if (/^[0-9]+$/.test(v)) {
        const n = Number(v);
        if (n < field.min || n > field.max) return `${field.name} "${text}": ${n} is outside ${field.min}–${field.max}`;
      } else if (!names.includes(v.toLowerCase())) return `${field.name} "${text}": "${v}" is not a ${index === 3 ? 'month' : index === 4 ? 'weekday' : 'number'}`;
    }
    if (m[6] !== undefined && Number(m[6]) < 1) return `${field.name} "${text}": a step must be 1 or more`;
    if (m[6] !== undefined && m[1] !== '*' && m[4] === undefined) return `${field.name} "${text}": a step needs * or a range before it (write a-b/n)`;
  }
  return undefined;
};

/** Parses and checks a cron expression; the refusal names `field` (default `schedule`) and says what is wrong. */
export const parseCron = (expression: string, field = 'schedule'): Either<DomainError, CronSchedule> => {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5 || parts[0] === '')
    return left(invalid(`${field}: "${expression}" needs exactly five fields: minute hour day-of-month month day-of-week`, { field }));
  for (let i = 0; i < 5; i++) {
    const problem = checkField(parts[i]!, i);
    if (problem) return left(invalid(`${field}: ${problem}`, { field }));
  }
  let cron: Cron;
  try {
    cron = new Cron(parts.join(' '), { timezone: 'UTC', paused: true, domAndDow: false, mode: '5-part' });
  } catch (e) {
    return left(invalid(`${field}: "${expression}" is not a valid cron expression (${(e as Error).message})`, { field }));
  }
  return right({
    expression: parts.join(' '),
    nextAfter: (after) => cron.nextRun(new Date(after))?.toISOString() ?? undefined,
    // croner's previous runs are strictly before the reference; a slot exactly at `at` counts as at-or-before.
    latestAtOrBefore: (at) => cron.previousRuns(1, new Date(Date.parse(at) + 1))[0]?.toISOString(),
  });
};
