/**
 * The `anthropic` driver: an agent loop over the Messages API (`@anthropic-ai/sdk`). The prompt goes out with the
 * run's tools (the swarm CLIs, the files of the role's workspace and folders, and commands run in the run's sandbox),
 * so it can do every role's work; each tool_use block is run and answered with a tool_result,
 * until the model ends its turn or the turn cap is reached. The API key is the role's (`ANTHROPIC_API_KEY` in the
 * run's environment, never the process's); a 429 ends the run as `rate_limited` with the reset time from the headers.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
// Types only here: the SDK (about 1 MB of JavaScript) is loaded by the first run on this driver, so a swarm that
// never uses it (simulated agents, Claude Code, Codex) does not parse it at every start.
import type Anthropic from '@anthropic-ai/sdk';
import type { AgentDriver, DriverEvent, RunOutcome, RunRequest } from './driver.js';
import { createRunTally, shortReason } from './run-tally.js';
import { anthropicRateLimitReset } from './rate-limit.js';
import { costOf } from './model-prices.js';
import { runToolCall, type AgentTool, type ToolContext, type ToolFolders } from '../tools/agent-tool.js';
import { runTools } from '../tools/run-tools.js';
import { roleToolFolders } from '../tools/workspace-path.js';

export interface AnthropicDriverOptions {
  /** The API's address; else `ANTHROPIC_BASE_URL` from the run's environment; else Anthropic's. */
  readonly baseUrl?: string;
  /**
   * Model turns per run before it is ended as failed, for every run (the operator's `SWARM_ANTHROPIC_MAX_TURNS`);
   * without it each run's own limit (RunRequest.maxTurns, the role's `agents.<role>.maxTurns`), else 30.
   */
  readonly maxTurns?: number;
  /** max_tokens per response (default 8192). */
  readonly maxTokens?: number;
  /** How long one API call may take (default 10 minutes, the SDK's own). */
  readonly requestTimeoutMs?: number;
  readonly tools?: readonly AgentTool<any>[];
  readonly repoRoot?: string;
  /** How long one `run_command` may run (default 120 s). */
  readonly commandTimeoutMs?: number;
  /** Characters kept of a command's stdout and of its stderr (default 50,000). */
  readonly commandOutputChars?: number;
  readonly clock?: () => Date;
}

const systemPrompt = (request: RunRequest, folders: ToolFolders): string =>
  [
    `You are the ${request.role} agent "${request.agent}" of a swarm of AI agents coordinated through an event log.`,
    'You act only through your tools: `swarm` runs the swarm CLIs (swarm, claude-tasks, claude-swarm) with an argument',
    'array; read_file, write_file and list_files work on files; run_command runs a program with an argument array (no',
    'shell, no network) to build and test.',
    `Your workspace is ${request.workspace}: relative paths start there.`,
    ...(request.env.SWARM_HOME ? [`$SWARM_HOME is ${request.env.SWARM_HOME}; paths may start with $SWARM_HOME.`] : []),
    ...(folders.writable.length > 0 ? [`You may also write in ${folders.writable.join(', ')}.`] : []),
    ...(folders.readOnly.length > 0 ? [`You may read, not write, ${folders.readOnly.join(', ')}.`] : []),
    'Finish your task through the CLI as your instructions say, then end your turn with a short summary.',
  ].join(' ');

type Message = Anthropic.Messages.Message;
type MessageParam = Anthropic.Messages.MessageParam;

export const createAnthropicDriver = (options: AnthropicDriverOptions = {}): AgentDriver => {
  const maxTokens = options.maxTokens ?? 8192;
  const clock = options.clock ?? (() => new Date());
  const tools =
    options.tools ??
    runTools({
      ...(options.repoRoot ? { repoRoot: options.repoRoot } : {}),
      ...(options.commandTimeoutMs ? { commandTimeoutMs: options.commandTimeoutMs } : {}),
      ...(options.commandOutputChars ? { commandOutputChars: options.commandOutputChars } : {}),
    });

  return {
    name: 'anthropic',
    usesLlm: true,
    async run(request: RunRequest, onEvent: (event: DriverEvent) => void): Promise<RunOutcome> {
      const started = Date.now();
      const tally = createRunTally(onEvent);
      mkdirSync(dirname(request.logPath), { recursive: true });
      const log = (entry: Record<string, unknown>) => appendFileSync(request.logPath, `${JSON.stringify({ at: clock().toISOString(), ...entry })}\n`);
      const end = (outcome: RunOutcome['outcome'], extra: { reason?: string; resetAt?: string } = {}) => {
        log({ end: outcome, ...extra });
        return tally.outcome({ outcome, exitCode: null, durationMs: Date.now() - started, ...extra });
      };

      const maxTurns = options.maxTurns ?? request.maxTurns ?? 30;
      if (request.signal.aborted) return end('stopped', { reason: 'stopped by the dispatcher' });
      const apiKey = request.env.ANTHROPIC_API_KEY;
      if (!apiKey) return end('failed', { reason: "ANTHROPIC_API_KEY is not in this run's environment (the role's secrets)" });

      const { default: Anthropic } = await import('@anthropic-ai/sdk');
      const client = new Anthropic({
        apiKey,
        baseURL: options.baseUrl ?? request.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com',
        // A 429 goes back to the dispatcher (fallback provider or pause until the reset), not into silent retries.
        maxRetries: 0,
        ...(options.requestTimeoutMs ? { timeout: options.requestTimeoutMs } : {}),
      });
      const toolParams = tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.inputSchema })) as Anthropic.Messages.Tool[];
      const messages: MessageParam[] = [{ role: 'user', content: request.prompt }];
      // The folders of $SWARM_HOME the role's sandbox shows besides the workspace: the file tools reach the same ones.
      const folders = request.folders ?? roleToolFolders(request.role, request.env.SWARM_HOME, request.workspace);
      const toolContext: ToolContext = { workspace: request.workspace, folders, env: request.env, signal: request.signal, sandbox: request.sandbox };
      let pricedWarned = false;
      log({ start: { model: request.model, tools: tools.map((tool) => tool.name), maxTurns } });

      for (let turn = 1; turn <= maxTurns; turn++) {
        let response: Message;
        try {
          response = await client.messages.create(
            { model: request.model, max_tokens: maxTokens, system: systemPrompt(request, folders), tools: toolParams, messages },
            { signal: request.signal },
          );
        } catch (error) {
          if (request.signal.aborted || error instanceof Anthropic.APIUserAbortError) return end('stopped', { reason: 'stopped by the dispatcher' });
          if (error instanceof Anthropic.APIError && error.status === 429) {
            const resetAt = anthropicRateLimitReset(error.headers, clock());
            tally.report({ kind: 'rate_limited', provider: 'anthropic', ...(resetAt ? { resetAt } : {}) });
            log({ turn, error: { status: 429, message: error.message } });
            return end('rate_limited', { reason: shortReason(`anthropic rate limit: ${error.message}`), ...(resetAt ? { resetAt } : {}) });
          }
          const status = error instanceof Anthropic.APIError && error.status !== undefined ? ` (HTTP ${error.status})` : '';
          log({ turn, error: { message: (error as Error).message } });
          return end('failed', { reason: shortReason(`anthropic API error${status}: ${(error as Error).message}`) });
        }
        log({ turn, response });

        const usage = response.usage;
        const cacheWrite = usage.cache_creation_input_tokens ?? 0;
        const cacheRead = usage.cache_read_input_tokens ?? 0;
        const cost = costOf(response.model || request.model, { input: usage.input_tokens, output: usage.output_tokens, cachedInput: cacheRead, cacheWrite });
        if (cost === undefined && !pricedWarned) {
          pricedWarned = true;
          tally.report({ kind: 'progress', note: `no price known for model ${response.model || request.model}: cost recorded as 0` });
        }
        tally.report({
          kind: 'usage',
          inputTokens: usage.input_tokens + cacheWrite + cacheRead,
          outputTokens: usage.output_tokens,
          costUsd: cost ?? 0,
          model: response.model || request.model,
          cachedInputTokens: cacheRead,
        });
        tally.report({ kind: 'progress', note: `turn ${turn}: ${response.stop_reason ?? 'no stop reason'}` });
        messages.push({ role: 'assistant', content: response.content });

        if (response.stop_reason === 'pause_turn') continue;
        if (response.stop_reason !== 'tool_use') {
          if (response.stop_reason === 'refusal') return end('failed', { reason: 'the model refused the task' });
          return end('completed');
        }

        const results: Anthropic.Messages.ToolResultBlockParam[] = [];
        for (const block of response.content) {
          if (block.type !== 'tool_use') continue;
          if (request.signal.aborted) return end('stopped', { reason: 'stopped by the dispatcher' });
          const called = await runToolCall(tools, block.name, block.input, toolContext);
          tally.report({ kind: 'tool', name: block.name, summary: shortReason(called.summary, 160) });
          log({ turn, tool: block.name, input: block.input, isError: called.isError, result: called.text });
          results.push({ type: 'tool_result', tool_use_id: block.id, content: called.text, ...(called.isError ? { is_error: true } : {}) });
        }
        if (request.signal.aborted) return end('stopped', { reason: 'stopped by the dispatcher' });
        messages.push({ role: 'user', content: results });
      }
      return end('failed', { reason: `turn cap reached (${maxTurns} model turns)` });
    },
  };
};
