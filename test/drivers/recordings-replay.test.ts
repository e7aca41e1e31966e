/**
 * Record and replay (issue 14 point 5): the raw streams of real Claude Code and Codex runs kept in
 * test/fixtures/recordings (made by claude-real/codex-real with SWARM_RECORD_DIR, a few by hand against the same
 * scripted model server: see the README there) replayed byte for byte through the drivers, in odd-sized chunks so
 * lines arrive split. What each recording must come to is fixed here, so a parser change that reads a real stream
 * differently fails. The run log of a replay is the recording again, byte for byte (stderr lines with one prefix each).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createClaudeDriver } from '../../agents/drivers/claude-driver.js';
import { createCodexDriver } from '../../agents/drivers/codex-driver.js';
import type { RunEnd } from '../../agents/drivers/driver.js';
import { epochToIso } from '../../agents/drivers/rate-limit.js';
import { driverRun, fakeLlmDir } from './driver-harness.js';

const test = suite('recorded streams of the real CLIs, replayed through the drivers');
const recordings = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/recordings');
const replayCli = join(fakeLlmDir, 'replay-recording.mjs');

interface Expected {
  readonly exit: number;
  readonly outcome: RunEnd;
  readonly resetAt?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** Default: the last result line's total_cost_usd (claude) or not checked (codex). */
  readonly costUsd?: number;
  readonly reason?: RegExp;
}

const expected: Record<string, Expected> = {
  'claude-swarm-task': { exit: 0, outcome: 'completed', inputTokens: 2100 + 1800 + 60 + 3900 + 80 + 4000 + 30 + 4100, outputTokens: 145 },
  'claude-retries': { exit: 0, outcome: 'completed', inputTokens: 500, outputTokens: 10 },
  // Two result lines, the same running total_cost_usd in both; `usage` of the last is the main loop's 1100 only.
  'claude-background-subagent': { exit: 0, outcome: 'completed', inputTokens: 4650, outputTokens: 150 },
  'claude-five-hour-limit': { exit: 1, outcome: 'rate_limited', resetAt: epochToIso(1796402708), inputTokens: 0 },
  // The reset had passed when Claude Code printed it: no rate_limit_event, the structured field still says when.
  'claude-limit-reset-passed': { exit: 1, outcome: 'rate_limited', resetAt: epochToIso(1796394908) },
  'claude-weekly-limit': { exit: 1, outcome: 'rate_limited', resetAt: epochToIso(1796654120) },
  'claude-extra-usage-limit': { exit: 1, outcome: 'rate_limited', resetAt: epochToIso(1796402120) },
  // An API-key 429 whose retry-after is too long to wait: Claude Code gives up at once and says no reset.
  'claude-api-429': { exit: 1, outcome: 'rate_limited' },
  // `--max-budget-usd` stopped it: `usage` is all zeros there, `modelUsage` has the tokens.
  'claude-budget-stopped': { exit: 1, outcome: 'failed', inputTokens: 3000, outputTokens: 500, costUsd: 0.0165, reason: /error_max_budget_usd|budget/ },
  'codex-swarm-task': { exit: 0, outcome: 'completed', inputTokens: 9100, outputTokens: 150 },
  'codex-retries': { exit: 0, outcome: 'completed', inputTokens: 700, outputTokens: 15 },
  // "try again at 5:45 PM." in the CLI's zone (the run's TZ, UTC when it was recorded).
  'codex-usage-limit': { exit: 1, outcome: 'rate_limited', resetAt: '2026-12-04T17:45:00.000Z' },
  'codex-429-exhausted': { exit: 1, outcome: 'rate_limited' },
};

/** When the recording was made (Claude Code stamps its lines; Codex's thread id is a UUIDv7). */
const recordedAt = (text: string): Date => {
  const stamp = /"timestamp":"([^"]+)"/.exec(text)?.[1];
  if (stamp) return new Date(stamp);
  const thread = /"thread_id":"([0-9a-f-]+)"/.exec(text)![1]!.replace(/-/g, '');
  return new Date(parseInt(thread.slice(0, 12), 16));
};

const lastResultCost = (text: string): number | undefined => {
  const costs = [...text.matchAll(/"type":"result"[^\n]*|[^\n]*"type":"result"[^\n]*/g)].map((m) => /"total_cost_usd":([0-9.e-]+)/.exec(m[0])?.[1]);
  const last = costs.at(-1);
  return last !== undefined ? Math.round(Number(last) * 1e6) / 1e6 : undefined;
};

const replay = async (name: string, extraEnv: Record<string, string> = {}) => {
  const text = readFileSync(join(recordings, `${name}.jsonl`), 'utf8');
  const clock = () => recordedAt(text);
  const driver = name.startsWith('claude')
    ? createClaudeDriver({ command: replayCli, graceMs: 500, clock })
    : createCodexDriver({ command: replayCli, graceMs: 500, clock });
  const run = driverRun({
    model: name.startsWith('claude') ? 'claude-sonnet-4-6' : 'gpt-5-codex',
    env: { SWARM_REPLAY_RECORDING: join(recordings, `${name}.jsonl`), SWARM_REPLAY_EXIT: String(expected[name]?.exit ?? 0), TZ: 'UTC', ...extraEnv },
  });
  try {
    const outcome = await driver.run(run.request, run.onEvent);
    return { text, outcome, events: run.events, log: run.log() };
  } finally {
    run.cleanup();
  }
};

for (const [name, want] of Object.entries(expected)) {
  test(`${name}: ${want.outcome}${want.resetAt ? ` until ${want.resetAt}` : ''}`, async () => {
    const { text, outcome, events, log } = await replay(name);
    assert.is(log, text, 'the run log is the recording, byte for byte');
    assert.is(outcome.outcome, want.outcome, outcome.reason);
    assert.is(outcome.exitCode, want.exit);
    assert.is(outcome.resetAt, want.resetAt);
    if (want.outcome === 'rate_limited') {
      assert.equal(events.filter((e) => e.kind === 'rate_limited').length, 1, 'one rate_limited event');
    } else {
      assert.not.ok(events.some((e) => e.kind === 'rate_limited'));
    }
    if (want.inputTokens !== undefined) assert.is(outcome.inputTokens, want.inputTokens);
    if (want.outputTokens !== undefined) assert.is(outcome.outputTokens, want.outputTokens);
    const cost = want.costUsd ?? (name.startsWith('claude') ? lastResultCost(text) : undefined);
    if (cost !== undefined) assert.is(outcome.costUsd, cost);
    if (want.reason) assert.match(outcome.reason ?? '', want.reason);
  });
}

test('every recording in the folder has an expected outcome here and a line in its README', () => {
  const readme = readFileSync(join(recordings, 'README.md'), 'utf8');
  const files = readdirSync(recordings).filter((f) => f.endsWith('.jsonl')).map((f) => f.replace(/\.jsonl$/, '')).sort();
  assert.equal(files, Object.keys(expected).sort());
  for (const name of files) assert.ok(readme.includes(`\`${name}\``), `${name} is described in the recordings README`);
});

test('a Claude run cut before its result line keeps the usage its messages reported', async () => {
  const { outcome } = await replay('claude-swarm-task', { SWARM_REPLAY_DROP: '"type":"result"' });
  assert.is(outcome.outcome, 'failed');
  assert.match(outcome.reason ?? '', /without a result/);
  assert.is(outcome.inputTokens, 2100 + 1800 + 60 + 3900 + 80 + 4000 + 30 + 4100);
  assert.ok(outcome.costUsd > 0, 'priced from the table');
});

test.run();
