/**
 * The `codex` driver: the Codex CLI run non-interactively,
 * `codex exec --json --model <model> --skip-git-repo-check <sandbox flag> -- <prompt>`, in the run's workspace with
 * the run's environment only. Its JSONL events (`thread.started`, `turn.started`, `item.started`/`item.completed`
 * with agent_message, reasoning, command_execution, file_change, mcp_tool_call, web_search items, `turn.completed`
 * with usage, `turn.failed` and `error`) become driver events. Codex prints no cost, so the cost comes from the price
 * table (model-prices.ts). It reports usage only when its turn completes (for `exec`, at the end of the run). It has
 * no turn limit, so the role's `maxTurns` is enforced here as a limit on tool steps.
 */
import type { AgentDriver, DriverEvent, RunOutcome, RunRequest } from './driver.js';
import { runChild } from './child-run.js';
import { field, isObject, parseJsonLine, summarizeInput, type JsonObject } from './stream-json.js';
import { cliZone, codexUsageLimit, type UsageLimit } from './rate-limit.js';
import { costOf } from './model-prices.js';
import { createRunTally, shortReason } from './run-tally.js';
import { maxPromptArgBytes } from './claude-driver.js';

/**
 * How much the agent's shell may touch. `bypass` (the default) matches the claude driver's
 * `--dangerously-skip-permissions` and is used only inside the run's bubblewrap sandbox, which is then the boundary;
 * without one (`--unsafe-no-sandbox`) it becomes `workspace-write`. `workspace-write` and `read-only` use Codex's own
 * sandbox.
 */
export type CodexSandbox = 'bypass' | 'workspace-write' | 'read-only';

export interface CodexDriverOptions {
  readonly command?: string;
  readonly graceMs?: number;
  readonly sandbox?: CodexSandbox;
  readonly clock?: () => Date;
}

const sandboxArgs = (sandbox: CodexSandbox): string[] =>
  sandbox === 'bypass' ? ['--dangerously-bypass-approvals-and-sandbox'] : ['--sandbox', sandbox];

export const codexArgs = (request: Pick<RunRequest, 'prompt' | 'model'>, sandbox: CodexSandbox): { args: string[]; stdin?: string } => {
  const viaStdin = Buffer.byteLength(request.prompt) > maxPromptArgBytes;
  // `--` ends the options, so a prompt starting with "-" is still the prompt; `-` makes codex read it from stdin.
  // No login shell for the agent's commands: Codex runs them with `bash -lc`, and a login shell's /etc/profile sets
  // its own PATH, which loses the run's (where `swarm` is): "swarm: command not found" in a real run (issue 14).
  const args = [
    'exec', '--json', '--model', request.model, '--skip-git-repo-check', '-c', 'allow_login_shell=false',
    ...sandboxArgs(sandbox), '--', viaStdin ? '-' : request.prompt,
  ];
  return viaStdin ? { args, stdin: request.prompt } : { args };
};

/** The item types that are the agent acting (a step toward the turn limit), not thinking or talking. */
const toolItemTypes: ReadonlySet<string> = new Set(['command_execution', 'file_change', 'mcp_tool_call', 'web_search']);

/** The tool event for a finished item, or undefined for items that are not tool calls. */
const toolOf = (item: JsonObject): { name: string; summary: string } | undefined => {
  switch (field.string(item, 'type')) {
    case 'command_execution': {
      const exit = field.number(item, 'exit_code');
      return { name: 'shell', summary: summarizeInput(`${field.string(item, 'command') ?? ''}${exit !== undefined ? ` (exit ${exit})` : ''}`) };
    }
    case 'file_change': {
      const changes = field.array(item, 'changes').filter(isObject);
      return { name: 'file_change', summary: summarizeInput(changes.map((c) => `${field.string(c, 'kind') ?? 'change'} ${field.string(c, 'path') ?? '?'}`).join(', ')) };
    }
    case 'mcp_tool_call':
      return { name: `${field.string(item, 'server') ?? 'mcp'}.${field.string(item, 'tool') ?? 'tool'}`, summary: summarizeInput(item.arguments ?? '') };
    case 'web_search':
      return { name: 'web_search', summary: summarizeInput(field.string(item, 'query') ?? '') };
    default:
      return undefined;
  }
};

export const createCodexDriver = (options: CodexDriverOptions = {}): AgentDriver => {
  const command = options.command ?? 'codex';
  const graceMs = options.graceMs ?? 10_000;
  const sandbox = options.sandbox ?? 'bypass';
  const clock = options.clock ?? (() => new Date());

  return {
    name: 'codex',
    usesLlm: true,
    async run(request: RunRequest, onEvent: (event: DriverEvent) => void): Promise<RunOutcome> {
      const tally = createRunTally(onEvent);
      let turnsCompleted = 0;
      let failure: string | undefined;
      let limit: UsageLimit | undefined;
      let lastStderr = '';
      let pricedWarned = false;

      const zone = cliZone(request.env);
      const noteError = (message: string) => {
        // "Reconnecting... 2/5 (…, last status: 429 …)": Codex retrying on its own, which may still succeed.
        if (/^Reconnecting\.\.\./.test(message)) {
          tally.report({ kind: 'progress', note: shortReason(message) });
          return;
        }
        const found = codexUsageLimit(message, clock(), zone);
        if (found && !limit) {
          limit = found;
          tally.report({ kind: 'rate_limited', provider: 'codex', ...(found.resetAt ? { resetAt: found.resetAt } : {}) });
        }
        failure = message;
      };

      // The role's turn limit: `codex exec` has no setting for it (openai/codex#33294 asks for one), so the driver
      // counts the agent's tool steps (commands, file changes, MCP calls, searches) and stops the run past the limit.
      const turnCap = new AbortController();
      const steps = new Set<string>();
      const countStep = (item: JsonObject) => {
        if (request.maxTurns === undefined || !toolItemTypes.has(field.string(item, 'type') ?? '')) return;
        steps.add(field.string(item, 'id') ?? `#${steps.size}`);
        if (steps.size > request.maxTurns && !turnCap.signal.aborted) turnCap.abort(new Error('turn cap reached'));
      };

      const onMessage = (event: JsonObject) => {
        switch (field.string(event, 'type')) {
          case 'thread.started':
            tally.report({ kind: 'progress', note: `thread ${field.string(event, 'thread_id') ?? ''} started`.trim() });
            return;
          case 'turn.started':
            tally.report({ kind: 'progress', note: 'turn started' });
            return;
          case 'item.started':
          case 'item.updated':
            countStep(field.object(event, 'item') ?? {});
            tally.report({ kind: 'progress', note: `${field.string(field.object(event, 'item'), 'type') ?? 'item'} ${event.type === 'item.started' ? 'started' : 'updated'}` });
            return;
          case 'item.completed': {
            const item = field.object(event, 'item') ?? {};
            const tool = toolOf(item);
            countStep(item);
            if (tool) tally.report({ kind: 'tool', ...tool });
            else tally.report({ kind: 'progress', note: `${field.string(item, 'type') ?? 'item'} completed` });
            if (field.string(item, 'type') === 'error') noteError(field.string(item, 'message') ?? 'codex reported an error item');
            return;
          }
          case 'turn.completed': {
            turnsCompleted += 1;
            // Codex reports transient trouble (reconnecting, retrying) as `error` events; a completed turn outranks them.
            failure = undefined;
            const usage = field.object(event, 'usage');
            const inputTokens = field.number(usage, 'input_tokens') ?? 0;
            const cached = Math.min(field.number(usage, 'cached_input_tokens') ?? 0, inputTokens);
            const outputTokens = field.number(usage, 'output_tokens') ?? 0;
            const cost = costOf(request.model, { input: inputTokens - cached, cachedInput: cached, output: outputTokens });
            if (cost === undefined && !pricedWarned) {
              pricedWarned = true;
              tally.report({ kind: 'progress', note: `no price known for model ${request.model}: cost recorded as 0` });
            }
            tally.report({ kind: 'usage', inputTokens, outputTokens, costUsd: cost ?? 0, model: request.model, cachedInputTokens: cached });
            return;
          }
          case 'turn.failed':
            noteError(field.string(field.object(event, 'error'), 'message') ?? 'turn failed');
            return;
          case 'error':
            noteError(field.string(event, 'message') ?? JSON.stringify(event));
            return;
          default:
            return;
        }
      };

      // Codex's own "bypass" only inside the run's bubblewrap sandbox; outside one it keeps its own sandbox.
      const effective: CodexSandbox = sandbox === 'bypass' && request.sandbox.mode !== 'bubblewrap' ? 'workspace-write' : sandbox;
      const { args, stdin } = codexArgs(request, effective);
      const wrapped = request.sandbox.wrap({ command, args, cwd: request.workspace, env: request.env }, { network: true });
      const child = await runChild({
        command: wrapped.command,
        args: wrapped.args,
        cwd: wrapped.cwd,
        env: wrapped.env,
        logPath: request.logPath,
        signal: AbortSignal.any([request.signal, turnCap.signal]),
        graceMs,
        ...(stdin !== undefined ? { stdin } : {}),
        onLine(line, stream) {
          if (stream === 'stderr') {
            if (line.trim()) lastStderr = line.trim();
            return;
          }
          const event = parseJsonLine(line);
          if (event) onMessage(event);
        },
      });

      const base = { exitCode: child.exitCode, durationMs: child.durationMs };
      if (child.startError) return tally.outcome({ ...base, outcome: 'crashed', reason: child.startError });
      if (limit) {
        return tally.outcome({ ...base, outcome: 'rate_limited', reason: shortReason(failure ?? 'codex usage limit reached'), ...(limit.resetAt ? { resetAt: limit.resetAt } : {}) });
      }
      if (turnCap.signal.aborted && !request.signal.aborted) {
        return tally.outcome({ ...base, outcome: 'failed', reason: `turn cap reached (${request.maxTurns} tool steps; codex exec has no turn limit of its own)` });
      }
      if (child.stopped) return tally.outcome({ ...base, outcome: 'stopped', reason: 'stopped by the dispatcher' });
      if (child.exitCode === 0 && turnsCompleted > 0 && failure === undefined) return tally.outcome({ ...base, outcome: 'completed' });
      if (failure !== undefined) return tally.outcome({ ...base, outcome: 'failed', reason: shortReason(`codex reported an error: ${failure}`) });
      if (child.exitCode === 0) return tally.outcome({ ...base, outcome: 'failed', reason: 'codex exited without completing a turn' });
      const how = child.exitCode !== null ? `exit code ${child.exitCode}` : `signal ${child.exitSignal}`;
      return tally.outcome({ ...base, outcome: 'crashed', reason: shortReason(`codex ended with ${how} and no result${lastStderr ? `: ${lastStderr}` : ''}`) });
    },
  };
};
