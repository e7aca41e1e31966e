/**
 * The `claude` driver: Claude Code run non-interactively,
 * `claude -p <prompt> --output-format stream-json --verbose --model <model> --max-turns <role's turns> <permissions>`,
 * in the run's workspace with the run's environment only. Its stream (one JSON object a line: `system` init,
 * `assistant` and `user` messages, `system` `api_retry` notes, `rate_limit_event`, a `result` with `usage`,
 * `modelUsage`, `total_cost_usd` and `is_error`) becomes driver events: `progress` per message, `tool` per tool_use
 * block, `usage` per API message as it comes (so the token cap can act mid-run) topped up to the result's totals,
 * `rate_limited` on the usage limit.
 *
 * What real runs of Claude Code 2.1 print (test/fixtures/recordings/claude-*.jsonl) and how it is read:
 * - a usage limit is an assistant message and a result with `"error": "rate_limit"` / `api_error_status: 429` (and
 *   `api_error_params.rate_limit_info.resetsAt` when the reset is still ahead); its text ("You've hit your 5-hour
 *   limit · resets 6pm (UTC)") is read only when those fields say nothing of the reset, and `rate_limit_event` comes
 *   only while the reset is ahead;
 * - a run with a background subagent prints a `result` line per finish, each with the running `total_cost_usd`: the
 *   last one holds the totals, none is added to another; tokens come from `modelUsage` (every model, subagents too;
 *   `usage` is the main loop's only, and all zeros when `--max-budget-usd` stopped the run).
 */
import type { AgentDriver, RunOutcome, RunRequest, DriverEvent } from './driver.js';
import { runChild } from './child-run.js';
import { field, parseJsonLine, summarizeInput, isObject, type JsonObject } from './stream-json.js';
import { claudeUsageLimit, cliZone, epochToIso, type UsageLimit } from './rate-limit.js';
import { costOf } from './model-prices.js';
import { createRunTally, shortReason } from './run-tally.js';

export interface ClaudeDriverOptions {
  /** The executable, looked up on the run's PATH (default `claude`). */
  readonly command?: string;
  /** SIGTERM → SIGKILL grace when a run is stopped (default 10 s, as the original). */
  readonly graceMs?: number;
  readonly clock?: () => Date;
}

/** Linux refuses a single argument over 128 KiB; a prompt longer than this goes through stdin instead. */
export const maxPromptArgBytes = 100_000;

/**
 * `--dangerously-skip-permissions` only inside the run's bubblewrap sandbox (the sandbox is the boundary then); outside
 * one (`--unsafe-no-sandbox`) Claude Code keeps its own permission checks and may only edit files.
 */
export const claudeArgs = (request: Pick<RunRequest, 'prompt' | 'model' | 'maxTurns'>, sandboxed: boolean): { args: string[]; stdin?: string } => {
  const viaStdin = Buffer.byteLength(request.prompt) > maxPromptArgBytes;
  const promptArgs = viaStdin ? ['-p'] : ['-p', request.prompt];
  const permissions = sandboxed ? ['--dangerously-skip-permissions'] : ['--permission-mode', 'acceptEdits'];
  // The role's turn limit (`agents.<role>.maxTurns`): Claude Code ends the session with `error_max_turns` there.
  const turns = request.maxTurns !== undefined ? ['--max-turns', String(request.maxTurns)] : [];
  const args = [...promptArgs, '--output-format', 'stream-json', '--verbose', '--model', request.model, ...turns, ...permissions];
  return viaStdin ? { args, stdin: request.prompt } : { args };
};

interface ClaudeResult {
  readonly isError: boolean;
  readonly subtype?: string;
  readonly text?: string;
}

export const createClaudeDriver = (options: ClaudeDriverOptions = {}): AgentDriver => {
  const command = options.command ?? 'claude';
  const graceMs = options.graceMs ?? 10_000;
  const clock = options.clock ?? (() => new Date());

  return {
    name: 'claude',
    usesLlm: true,
    async run(request: RunRequest, onEvent: (event: DriverEvent) => void): Promise<RunOutcome> {
      const tally = createRunTally(onEvent);
      let result: ClaudeResult | undefined;
      let limit: UsageLimit | undefined;
      let lastStderr = '';
      // Usage per API message (one message may arrive as several events), reported as the run goes so the
      // dispatcher's token cap can stop a run mid-way; the final result tops the reports up to its totals.
      const messageUsages = new Map<string, JsonObject>();
      const reported = { input: 0, cacheWrite: 0, cacheRead: 0, output: 0, costUsd: 0 };
      /** Reports what `totals` holds beyond what was reported already (never less: a report is never taken back). */
      const reportUpTo = (totals: typeof reported, model: string) => {
        const more = (key: keyof typeof reported) => Math.max(0, totals[key] - reported[key]);
        const delta = { input: more('input'), cacheWrite: more('cacheWrite'), cacheRead: more('cacheRead'), output: more('output') };
        const costUsd = Math.round(more('costUsd') * 1_000_000) / 1_000_000;
        for (const key of Object.keys(reported) as (keyof typeof reported)[]) reported[key] = Math.max(reported[key], totals[key]);
        if (delta.input + delta.cacheWrite + delta.cacheRead + delta.output === 0 && costUsd === 0) return;
        tally.report({
          kind: 'usage',
          inputTokens: delta.input + delta.cacheWrite + delta.cacheRead,
          outputTokens: delta.output,
          costUsd,
          model,
          cachedInputTokens: delta.cacheRead,
        });
      };

      const zone = cliZone(request.env);
      const limitIn = (text: string) => claudeUsageLimit(text, clock(), zone);
      const noteLimit = (found: UsageLimit | undefined) => {
        if (!found) return;
        if (limit) {
          // A later line may say when it lifts where the first did not (the outcome gets it; the event stays as sent).
          if (!limit.resetAt && found.resetAt) limit = found;
          return;
        }
        limit = found;
        tally.report({ kind: 'rate_limited', provider: 'claude', ...(found.resetAt ? { resetAt: found.resetAt } : {}) });
      };

      const onMessage = (event: JsonObject) => {
        const type = field.string(event, 'type');
        switch (type) {
          case 'system': {
            const subtype = field.string(event, 'subtype');
            if (subtype === 'init') {
              tally.report({ kind: 'progress', note: `session started (${field.string(event, 'model') ?? request.model})` });
            } else if (subtype === 'api_retry') {
              // Claude Code retries 429/529/5xx itself; only the final answer can end the run.
              const status = field.number(event, 'error_status');
              tally.report({ kind: 'progress', note: `API retry ${field.number(event, 'attempt') ?? '?'}/${field.number(event, 'max_retries') ?? '?'}${status !== undefined ? ` after ${status}` : ''}` });
            }
            return;
          }
          case 'assistant': {
            const message = field.object(event, 'message');
            const content = field.array(message, 'content');
            const messageUsage = field.object(message, 'usage');
            if (messageUsage) {
              messageUsages.set(field.string(message, 'id') ?? `#${messageUsages.size}`, messageUsage);
              reportUsageSoFar(field.string(message, 'model') ?? request.model);
            }
            const texts: string[] = [];
            for (const block of content) {
              if (!isObject(block)) continue;
              if (block.type === 'tool_use') {
                tally.report({ kind: 'tool', name: field.string(block, 'name') ?? 'tool', summary: summarizeInput(block.input) });
              } else if (block.type === 'text') {
                texts.push(field.string(block, 'text') ?? '');
              }
            }
            const text = texts.join('\n');
            // The structured fields first; else Claude Code's limit message as the assistant's whole reply: short, and
            // nothing else (never a tool's output, W-11).
            noteLimit(structuredLimit(event, text, limitIn) ?? (text.length < 400 ? limitIn(text) : undefined));
            tally.report({ kind: 'progress', note: 'assistant message' });
            return;
          }
          case 'user': {
            // Tool results: progress only. Their text is the agent's work (a test report may say "429") and is
            // never read for limit messages (W-11).
            tally.report({ kind: 'progress', note: 'tool result' });
            return;
          }
          case 'rate_limit_event': {
            const info = field.object(event, 'rate_limit_info');
            if (field.string(info, 'status') === 'rejected') {
              const resetsAt = field.number(info, 'resetsAt');
              noteLimit(resetsAt !== undefined ? { resetAt: epochToIso(resetsAt) } : {});
            }
            return;
          }
          case 'result': {
            const text = field.string(event, 'result') ?? field.string(event, 'error');
            const isError = field.boolean(event, 'is_error') ?? field.string(event, 'subtype') !== 'success';
            const subtype = field.string(event, 'subtype');
            result = { isError, ...(subtype ? { subtype } : {}), ...(text !== undefined ? { text } : {}) };
            noteLimit(structuredLimit(event, text ?? '', limitIn) ?? (isError && text ? limitIn(text) : undefined));
            const { input: plainInput, cacheWrite, cacheRead, output: outputTokens } = resultTokens(event);
            const model = firstModel(event) ?? request.model;
            // A running total of the session so far: the last result line holds the run's cost (never added up).
            const reported = field.number(event, 'total_cost_usd') ?? field.number(event, 'cost_usd');
            const costUsd =
              reported ?? costOf(model, { input: plainInput, output: outputTokens, cachedInput: cacheRead, cacheWrite }) ?? 0;
            // The result holds the session's totals: report what the earlier reports did not cover yet.
            reportUpTo({ input: plainInput, cacheWrite, cacheRead, output: outputTokens, costUsd }, model);
            return;
          }
          default:
            return;
        }
      };

      /** Reports the per-message usage seen so far beyond what was reported (a run stopped mid-way keeps it). */
      function reportUsageSoFar(model: string) {
        const sum = (key: string) => [...messageUsages.values()].reduce((total, u) => total + (field.number(u, key) ?? 0), 0);
        const input = sum('input_tokens');
        const cacheWrite = sum('cache_creation_input_tokens');
        const cacheRead = sum('cache_read_input_tokens');
        const output = sum('output_tokens');
        const costUsd = costOf(model, { input, output, cachedInput: cacheRead, cacheWrite }) ?? 0;
        reportUpTo({ input, cacheWrite, cacheRead, output, costUsd }, model);
      }

      const sandboxed = request.sandbox.mode === 'bubblewrap';
      const { args, stdin } = claudeArgs(request, sandboxed);
      // Claude Code refuses to skip permissions as root unless told it is in a sandbox, which it then is. An agent run
      // talks to its model only: no telemetry, error reports or update checks (a run's installation is read-only;
      // without this a run looked up several outside hosts, issue 14).
      const env = {
        ...request.env,
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: request.env.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC ?? '1',
        ...(sandboxed ? { IS_SANDBOX: '1' } : {}),
      };
      const wrapped = request.sandbox.wrap({ command, args, cwd: request.workspace, env }, { network: true });
      const child = await runChild({
        command: wrapped.command,
        args: wrapped.args,
        cwd: wrapped.cwd,
        env: wrapped.env,
        logPath: request.logPath,
        signal: request.signal,
        graceMs,
        ...(stdin !== undefined ? { stdin } : {}),
        onLine(line, stream) {
          if (stream === 'stderr') {
            if (line.trim()) lastStderr = line.trim();
            if (line.length < 400) noteLimit(limitIn(line));
            return;
          }
          const event = parseJsonLine(line);
          if (event) onMessage(event);
          else if (line.trim() && line.length < 400) noteLimit(limitIn(line));
        },
      });

      const base = { exitCode: child.exitCode, durationMs: child.durationMs };
      if (child.startError) return tally.outcome({ ...base, outcome: 'crashed', reason: child.startError });
      if (limit) {
        return tally.outcome({ ...base, outcome: 'rate_limited', reason: 'claude usage limit reached', ...(limit.resetAt ? { resetAt: limit.resetAt } : {}) });
      }
      if (child.stopped) return tally.outcome({ ...base, outcome: 'stopped', reason: 'stopped by the dispatcher' });
      if (!result) {
        if (child.exitCode === 0) return tally.outcome({ ...base, outcome: 'failed', reason: 'claude exited without a result' });
        const how = child.exitCode !== null ? `exit code ${child.exitCode}` : `signal ${child.exitSignal}`;
        return tally.outcome({ ...base, outcome: 'crashed', reason: shortReason(`claude ended with ${how} and no result${lastStderr ? `: ${lastStderr}` : ''}`) });
      }
      if (result.subtype === 'error_max_turns') {
        return tally.outcome({ ...base, outcome: 'failed', reason: `turn cap reached (claude --max-turns ${request.maxTurns ?? '?'})` });
      }
      if (result.isError || child.exitCode !== 0) {
        const why = result.text ?? result.subtype ?? `exit code ${child.exitCode}`;
        return tally.outcome({ ...base, outcome: 'failed', reason: shortReason(`claude reported an error: ${why}`) });
      }
      return tally.outcome({ ...base, outcome: 'completed' });
    },
  };
};

/**
 * A usage limit from the fields Claude Code sets on its API-error message and result (`"error": "rate_limit"`,
 * `api_error_status: 429`, `"api_error": "usage_limit_reached"`): the reset from `rate_limit_info.resetsAt`, else from
 * the message's text, else none said. Undefined when the line is no limit.
 */
const structuredLimit = (event: JsonObject, text: string, limitIn: (text: string) => UsageLimit | undefined): UsageLimit | undefined => {
  const isLimit =
    field.string(event, 'error') === 'rate_limit' ||
    field.number(event, 'api_error_status') === 429 ||
    field.string(event, 'api_error') === 'usage_limit_reached';
  if (!isLimit) return undefined;
  const params = field.object(event, 'api_error_params') ?? field.object(field.object(event, 'message'), 'api_error_params');
  const resetsAt = field.number(field.object(params, 'rate_limit_info'), 'resetsAt');
  if (resetsAt !== undefined) return { resetAt: epochToIso(resetsAt) };
  return limitIn(text) ?? {};
};

/**
 * The session's tokens from a result line: `modelUsage` summed over every model (the main loop, subagents, the small
 * model), which a budget stop keeps; `usage` (the main loop only) when there is no `modelUsage`.
 */
const resultTokens = (event: JsonObject): { input: number; cacheWrite: number; cacheRead: number; output: number } => {
  const models = Object.values(field.object(event, 'modelUsage') ?? {}).filter(isObject);
  if (models.length > 0) {
    const sum = (key: string) => models.reduce((total, m) => total + (field.number(m, key) ?? 0), 0);
    return { input: sum('inputTokens'), cacheWrite: sum('cacheCreationInputTokens'), cacheRead: sum('cacheReadInputTokens'), output: sum('outputTokens') };
  }
  const usage = field.object(event, 'usage');
  return {
    input: field.number(usage, 'input_tokens') ?? 0,
    cacheWrite: field.number(usage, 'cache_creation_input_tokens') ?? 0,
    cacheRead: field.number(usage, 'cache_read_input_tokens') ?? 0,
    output: field.number(usage, 'output_tokens') ?? 0,
  };
};

/** The model Claude Code says it used (`modelUsage` keys), when it says. */
const firstModel = (result: JsonObject): string | undefined => {
  const models = field.object(result, 'modelUsage');
  return models ? Object.keys(models)[0] : undefined;
};
