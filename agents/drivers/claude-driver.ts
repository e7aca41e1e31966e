/**
 * The `claude` driver: Claude Code run non-interactively,
 * `claude -p <prompt> --output-format stream-json --verbose --model <model> --max-turns <role's turns> <permissions>`,
 * in the run's workspace with the run's environment only. Its stream (one JSON object a line: `system` init,
 * `assistant` and `user` messages, `rate_limit_event`, a final `result` with `usage`, `total_cost_usd` and `is_error`)
 * becomes driver events: `progress` per message, `tool` per tool_use block, `usage` per API message as it comes (so
 * the token cap can act mid-run) topped up to the result's totals, `rate_limited` on the usage-limit message.
 */
import type { AgentDriver, RunOutcome, RunRequest, DriverEvent } from './driver.js';
import { runChild } from './child-run.js';
import { field, parseJsonLine, summarizeInput, isObject, type JsonObject } from './stream-json.js';
import { claudeUsageLimit, epochToIso, type UsageLimit } from './rate-limit.js';
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

      const noteLimit = (found: UsageLimit | undefined) => {
        if (!found || limit) return;
        limit = found;
        tally.report({ kind: 'rate_limited', provider: 'claude', ...(found.resetAt ? { resetAt: found.resetAt } : {}) });
      };

      const onMessage = (event: JsonObject) => {
        const type = field.string(event, 'type');
        switch (type) {
          case 'system': {
            if (field.string(event, 'subtype') === 'init') {
              tally.report({ kind: 'progress', note: `session started (${field.string(event, 'model') ?? request.model})` });
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
            for (const block of content) {
              if (!isObject(block)) continue;
              if (block.type === 'tool_use') {
                tally.report({ kind: 'tool', name: field.string(block, 'name') ?? 'tool', summary: summarizeInput(block.input) });
              } else if (block.type === 'text') {
                const text = field.string(block, 'text') ?? '';
                // Claude Code prints its limit message as the assistant's whole reply: short, and nothing else.
                if (text.length < 400) noteLimit(claudeUsageLimit(text, clock()));
              }
            }
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
            if (isError && text) noteLimit(claudeUsageLimit(text, clock()));
            const usage = field.object(event, 'usage');
            const plainInput = field.number(usage, 'input_tokens') ?? 0;
            const cacheWrite = field.number(usage, 'cache_creation_input_tokens') ?? 0;
            const cacheRead = field.number(usage, 'cache_read_input_tokens') ?? 0;
            const outputTokens = field.number(usage, 'output_tokens') ?? 0;
            const model = firstModel(event) ?? request.model;
            const reported = field.number(event, 'total_cost_usd') ?? field.number(event, 'cost_usd');
            const costUsd =
              reported ?? costOf(model, { input: plainInput, output: outputTokens, cachedInput: cacheRead, cacheWrite }) ?? 0;
            // The result holds the session's totals: report what the per-message reports did not cover yet.
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
      // Claude Code refuses to skip permissions as root unless told it is in a sandbox, which it then is.
      const wrapped = request.sandbox.wrap({ command, args, cwd: request.workspace, env: sandboxed ? { ...request.env, IS_SANDBOX: '1' } : request.env }, { network: true });
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
            if (line.length < 400) noteLimit(claudeUsageLimit(line, clock()));
            return;
          }
          const event = parseJsonLine(line);
          if (event) onMessage(event);
          else if (line.trim() && line.length < 400) noteLimit(claudeUsageLimit(line, clock()));
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

/** The model Claude Code says it used (`modelUsage` keys), when it says. */
const firstModel = (result: JsonObject): string | undefined => {
  const models = field.object(result, 'modelUsage');
  return models ? Object.keys(models)[0] : undefined;
};
