import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { anthropicRateLimitReset, claudeUsageLimit, cliZone, codexUsageLimit } from '../../agents/drivers/rate-limit.js';

const test = suite('usage-limit messages and reset times');
const now = new Date('2026-03-10T16:20:00Z');

test('Claude: the epoch form gives that instant', () => {
  assert.equal(claudeUsageLimit('Claude AI usage limit reached|1773165600', now), { resetAt: '2026-03-10T18:00:00.000Z' });
});

test('Claude: "resets 5pm (UTC)" is today at 17:00 UTC; an hour already past is tomorrow', () => {
  assert.equal(claudeUsageLimit("You've hit your limit · resets 5pm (UTC)", now), { resetAt: '2026-03-10T17:00:00.000Z' });
  assert.equal(claudeUsageLimit('5-hour limit reached ∙ resets 3pm', now), { resetAt: '2026-03-11T15:00:00.000Z' });
});

test('Claude: minutes and named time zones are read (the original read neither, W-11)', () => {
  // 15:30 in Berlin (UTC+1 in March) is 14:30 UTC; 17:20 Berlin time now, so tomorrow
  assert.equal(claudeUsageLimit("You've hit your limit · resets 3:30pm (Europe/Berlin)", now), { resetAt: '2026-03-11T14:30:00.000Z' });
  assert.equal(claudeUsageLimit('Weekly limit reached ∙ resets Oct 7, 1pm (America/New_York)', now), { resetAt: '2026-10-07T17:00:00.000Z' });
});

test('Claude: a limit message without a readable reset is still a limit, with no invented time', () => {
  assert.equal(claudeUsageLimit('Claude AI usage limit reached', now), {});
});

test('Claude: "429" or "rate limit" elsewhere is not a usage limit (W-11)', () => {
  assert.is(claudeUsageLimit('FAIL: server answered 429 Too Many Requests', now), undefined);
  assert.is(claudeUsageLimit('added a rate limit to the API', now), undefined);
});

test('Codex: "try again in 2 days 17 hours 14 minutes" is that long after now', () => {
  const text = "You've hit your usage limit. Upgrade to Pro (https://openai.com/chatgpt/pricing) or try again in 2 days 17 hours 14 minutes.";
  assert.equal(codexUsageLimit(text, now), { resetAt: '2026-03-13T09:34:00.000Z' });
});

test('Codex: "try again at Jul 5th, 2026 8:19 PM" is read as a date in the CLI\'s zone', () => {
  const text = "You've hit your usage limit. Upgrade to Plus to continue using Codex (https://chatgpt.com/explore/plus), or try again at Jul 5th, 2026 8:19 PM.";
  assert.equal(codexUsageLimit(text, now, 'Europe/Berlin'), { resetAt: '2026-07-05T18:19:00.000Z' });
  assert.equal(codexUsageLimit(text, now), { resetAt: '2026-07-05T20:19:00.000Z' }, 'UTC when no zone is known');
});

test("the CLI's zone is the run's TZ, else the machine's, never this process's", () => {
  assert.is(cliZone({ TZ: 'America/New_York' }), 'America/New_York');
  assert.is(cliZone({ TZ: ':Asia/Tokyo' }), 'Asia/Tokyo');
  const machine = cliZone({});
  assert.is(cliZone({ TZ: 'Not/AZone' }), machine);
  assert.ok(machine.length > 0);
});

test('Claude Code 2.1 limit texts: 5-hour, weekly with a date, session, plain, extra usage', () => {
  assert.equal(claudeUsageLimit("You've hit your 5-hour limit · resets 6pm (UTC)", now), { resetAt: '2026-03-10T18:00:00.000Z' });
  assert.equal(claudeUsageLimit("You've hit your weekly limit · resets Mar 14, 2:33pm (UTC)", now), { resetAt: '2026-03-14T14:33:00.000Z' });
  assert.equal(claudeUsageLimit("You've hit your session limit · resets 7:15pm", now, 'Europe/Berlin'), { resetAt: '2026-03-10T18:15:00.000Z' });
  assert.equal(claudeUsageLimit("You've hit your limit · resets 3:57pm (UTC)", now), { resetAt: '2026-03-10T15:57:00.000Z' }, 'a reset that just passed is that moment');
  assert.equal(claudeUsageLimit("You're out of extra usage", now), {});
  assert.equal(claudeUsageLimit("You're out of usage credits", now), {});
  assert.is(claudeUsageLimit('I hit my limit of patience with this test', now), undefined);
});

test('Codex: a usage_limit_reached body gives its resets_at; an API rate limit its "try again in 1.5s"', () => {
  assert.equal(codexUsageLimit('{"error":{"type":"usage_limit_reached","resets_at":1777936568,"resets_in_seconds":13872}}', now), { resetAt: '2026-05-04T23:16:08.000Z' });
  assert.equal(codexUsageLimit('Rate limit reached for gpt-5 on tokens per min (TPM). Please try again in 1.5s.', now), { resetAt: '2026-03-10T16:20:01.500Z' });
});

test('Codex: other errors are not limits', () => {
  assert.is(codexUsageLimit('stream disconnected before completion', now), undefined);
  assert.is(codexUsageLimit('test failed with 429', now), undefined);
});

test('Anthropic: retry-after wins; else the latest reset among exhausted limits; else none', () => {
  const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name] ?? null });
  assert.is(anthropicRateLimitReset(headers({ 'retry-after': '30' }), now), '2026-03-10T16:20:30.000Z');
  assert.is(
    anthropicRateLimitReset(
      headers({
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-requests-reset': '2026-03-10T16:25:00Z',
        'anthropic-ratelimit-tokens-remaining': '500',
        'anthropic-ratelimit-tokens-reset': '2026-03-10T16:40:00Z',
      }),
      now,
    ),
    '2026-03-10T16:25:00.000Z',
  );
  assert.is(anthropicRateLimitReset(headers({}), now), undefined);
});

test.run();
