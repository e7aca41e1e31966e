/**
 * Recognising a provider's usage-limit message and when it lifts. Only the provider's own limit message counts (the
 * original matched "429" or "rate limit" anywhere in a failed session's output, W-11, so a test report mentioning a
 * 429 paused the agent); the drivers call these on the CLI's error/result text, never on tool output. Reset times are
 * read in the forms the CLIs print: an epoch (`Claude AI usage limit reached|1750000000`), a clock time with an
 * optional date and time zone (`resets 3pm (UTC)`, `resets 3:30pm (Europe/Berlin)`, `try again at Jul 5th, 2026
 * 8:19 PM`) or a duration (`try again in 2 days 3 hours 14 minutes`, `try again in 6m0s`). A clock time without a zone is
 * read in the zone of the CLI that printed it (the run's `TZ`, else the machine's), never in this process's own.
 */
import { readlinkSync } from 'node:fs';

export interface UsageLimit {
  /** When the provider accepts requests again (ISO 8601 UTC), when the message said. */
  readonly resetAt?: string;
}

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export const epochToIso = (value: number): string => new Date(value < 1e12 ? value * 1000 : value).toISOString();

const isValidZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** The zone's wall-clock fields at an instant. */
const wallClock = (instant: number, zone: string) => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month') - 1, day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};

/** The instant at which the zone's wall clock shows the given fields (DST gaps resolve to the later side). */
const zonedToInstant = (f: { year: number; month: number; day: number; hour: number; minute: number }, zone: string): number => {
  const asUtc = Date.UTC(f.year, f.month, f.day, f.hour, f.minute);
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(guess, zone);
    const shown = Date.UTC(w.year, w.month, w.day, w.hour, w.minute, w.second);
    guess += asUtc - shown;
  }
  return guess;
};

/**
 * The zone a CLI started with this environment prints its clock times in: its `TZ` when that names a zone, else the
 * machine's (`/etc/localtime`, which the sandbox shows as it is), else UTC — not this process's zone, which a `TZ` of
 * the swarm's own may have changed.
 */
export const cliZone = (env: Readonly<Record<string, string | undefined>>): string => {
  const tz = env.TZ?.replace(/^:/, '').trim();
  if (tz && isValidZone(tz)) return tz;
  try {
    const target = readlinkSync('/etc/localtime');
    const at = target.indexOf('zoneinfo/');
    const zone = at >= 0 ? target.slice(at + 'zoneinfo/'.length) : '';
    if (zone && isValidZone(zone)) return zone;
  } catch {
    // no /etc/localtime: the C library's default
  }
  return 'UTC';
};

interface ClockText {
  readonly hour: number;
  readonly minute: number;
  readonly month?: number;
  readonly day?: number;
  readonly year?: number;
}

/** "3pm", "3:30 PM", "15:00", optionally after "Jul 5th, 2026" or "Oct 7 at". */
const parseClockText = (text: string): ClockText | undefined => {
  const cleaned = text.replace(/(\d)(st|nd|rd|th)\b/gi, '$1');
  const date = /\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:,?\s+(\d{4}))?/.exec(cleaned);
  const time = /\b(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?\b/i.exec(cleaned) ?? /\b(\d{1,2}):(\d{2})\b/.exec(cleaned);
  if (!time) return undefined;
  let hour = Number(time[1]);
  const minute = Number(time[2] ?? 0);
  const meridiem = time[3]?.toLowerCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem === 'p' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  const month = date ? months.indexOf(date[1]!.toLowerCase()) : -1;
  if (date && month >= 0) {
    return { hour, minute, month, day: Number(date[2]), ...(date[3] ? { year: Number(date[3]) } : {}) };
  }
  return { hour, minute };
};

/**
 * A reset the CLI states that lies this little in the past has just passed (the CLI printed a reset that had already
 * come, as Claude Code does when the server's reset is stale): it is that moment, not the same time tomorrow.
 */
const justPassedMs = 60 * 60 * 1000;

/** The first moment after `now` matching the clock text in the zone (today or tomorrow; this year or next). */
const nextOccurrence = (clock: ClockText, zone: string, now: Date): string => {
  const nowMs = now.getTime() - justPassedMs;
  const today = wallClock(now.getTime(), zone);
  if (clock.month !== undefined && clock.day !== undefined) {
    const at = (year: number) => zonedToInstant({ year, month: clock.month!, day: clock.day!, hour: clock.hour, minute: clock.minute }, zone);
    if (clock.year !== undefined) return new Date(at(clock.year)).toISOString();
    const thisYear = at(today.year);
    return new Date(thisYear > nowMs ? thisYear : at(today.year + 1)).toISOString();
  }
  const sameDay = zonedToInstant({ ...today, hour: clock.hour, minute: clock.minute }, zone);
  if (sameDay > nowMs) return new Date(sameDay).toISOString();
  const tomorrow = new Date(Date.UTC(today.year, today.month, today.day + 1));
  return new Date(
    zonedToInstant(
      { year: tomorrow.getUTCFullYear(), month: tomorrow.getUTCMonth(), day: tomorrow.getUTCDate(), hour: clock.hour, minute: clock.minute },
      zone,
    ),
  ).toISOString();
};

const unitSeconds: Record<string, number> = { d: 86_400, h: 3_600, m: 60, s: 1 };

/** "2 days 17 hours 14 minutes", "6m0s", "1.5s", "20 seconds" → seconds. */
const parseDuration = (text: string): number | undefined => {
  const pattern = /(\d+(?:\.\d+)?)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m(?!s)|seconds?|secs?|s)\b/gi;
  let total = 0;
  let found = false;
  for (const match of text.matchAll(pattern)) {
    const unit = match[2]!.toLowerCase()[0]!;
    total += Number(match[1]) * (unitSeconds[unit] ?? 0);
    found = true;
  }
  return found ? total : undefined;
};

/**
 * Claude Code's usage-limit message (the result text or an assistant/stderr line that is that message), in every form
 * current versions print: "You've hit your 5-hour limit · resets 6pm (UTC)", "… your weekly limit · resets Dec 7,
 * 2:33pm (UTC)", "… your session limit", "You've hit your limit · resets …" (extra usage used up too), "You're out of
 * extra usage", "You're out of usage credits", and the older "Claude AI usage limit reached|<epoch>". A reset without
 * a zone is read in `zone` (the CLI's, see `cliZone`).
 */
export const claudeUsageLimit = (text: string, now: Date, zone = 'UTC'): UsageLimit | undefined => {
  const epoch = /Claude AI usage limit reached\|(\d{9,13})/i.exec(text);
  if (epoch) return { resetAt: epochToIso(Number(epoch[1])) };
  const isLimit =
    /Claude AI usage limit reached/i.test(text) ||
    /you(?:'|’)ve (?:hit|reached) your (?:[\w-]+ ){0,3}limit\b/i.test(text) ||
    /you(?:'|’)re out of (?:extra )?usage\b/i.test(text) ||
    /\b(?:5-hour|five-hour|weekly|session|daily|opus|sonnet|usage) limit reached\b/i.test(text);
  if (!isLimit) return undefined;
  const resets = /\bresets?\s+(?:at\s+)?([^()\n]*?\d[^()\n]*?)\s*(?:\(([^)]+)\))?\s*(?:[.·∙•|]|$)/i.exec(text);
  if (!resets) return {};
  const clock = parseClockText(resets[1]!);
  if (!clock) return {};
  const stated = resets[2] && isValidZone(resets[2].trim()) ? resets[2].trim() : zone;
  return { resetAt: nextOccurrence(clock, stated, now) };
};

/**
 * Codex's usage-limit error (an `error` or `turn.failed` event's message). Codex prints "try again at …" in its own
 * local time, so a clock time is read in `zone`: the CLI's (`cliZone` of the run's environment). Its "Reconnecting…
 * (… last status: 429 …)" notes are retries under way, not a limit: the caller leaves them out.
 */
export const codexUsageLimit = (text: string, now: Date, zone = 'UTC'): UsageLimit | undefined => {
  const isUsageLimit = /usage_limit_reached|you(?:'|’)ve hit your usage limit|usage limit has been reached/i.test(text);
  const isRateLimited = /last status: 429\b|rate_limit_exceeded|\brate limit reached for\b/i.test(text);
  if (!isUsageLimit && !isRateLimited) return undefined;
  const resetsAt = /"resets_at"\s*:\s*(\d{9,13})/.exec(text);
  if (resetsAt) return { resetAt: epochToIso(Number(resetsAt[1])) };
  const resetsIn = /"resets_in_seconds"\s*:\s*(\d+)/.exec(text);
  if (resetsIn) return { resetAt: new Date(now.getTime() + Number(resetsIn[1]) * 1000).toISOString() };
  const tryIn = /try again in\s+([^\n]+?)(?:\.(?!\d)|$)/im.exec(text);
  if (tryIn) {
    const seconds = parseDuration(tryIn[1]!);
    if (seconds !== undefined) return { resetAt: new Date(now.getTime() + Math.ceil(seconds * 1000)).toISOString() };
  }
  const tryAt = /try again at\s+([^\n]+?)(?:\.\s|\.$|$|\n)/i.exec(text);
  if (tryAt) {
    const clock = parseClockText(tryAt[1]!);
    if (clock) return { resetAt: nextOccurrence(clock, zone, now) };
  }
  return {};
};

/**
 * The Messages API's answer to a 429: `retry-after` (seconds) when given, else the latest reset among the limits
 * that are used up (`anthropic-ratelimit-*-remaining: 0`), else the latest reset given.
 */
export const anthropicRateLimitReset = (headers: { get(name: string): string | null } | undefined, now: Date): string | undefined => {
  if (!headers) return undefined;
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && /^\d+(\.\d+)?$/.test(retryAfter.trim())) {
    return new Date(now.getTime() + Math.ceil(Number(retryAfter) * 1000)).toISOString();
  }
  const kinds = ['requests', 'tokens', 'input-tokens', 'output-tokens'];
  const resets = kinds.flatMap((kind) => {
    const reset = headers.get(`anthropic-ratelimit-${kind}-reset`);
    const time = reset === null ? NaN : Date.parse(reset);
    return Number.isNaN(time) ? [] : [{ time, exhausted: headers.get(`anthropic-ratelimit-${kind}-remaining`) === '0' }];
  });
  const exhausted = resets.filter((r) => r.exhausted);
  const pool = exhausted.length > 0 ? exhausted : resets;
  if (pool.length === 0) return undefined;
  return new Date(Math.max(...pool.map((r) => r.time))).toISOString();
};
