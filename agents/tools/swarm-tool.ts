/**
 * The `swarm` tool: runs one of the swarm's CLIs (`swarm`, `claude-tasks`, `claude-swarm`) with an argument array,
 * as the agent's own process would: `node <repo>/cli/bin/<bin> …args` with the run's environment (SWARM_AGENT etc.),
 * in the workspace, never through a shell, so an argument with quotes, `$(…)` or `;` arrives as written.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as t from 'io-ts';
import { toolError, toolOk, type AgentTool } from './agent-tool.js';
import { installationRoot } from '../installation-root.js';

const SwarmBin = t.keyof({ swarm: null, 'claude-tasks': null, 'claude-swarm': null });
const SwarmInput = t.type({ bin: SwarmBin, args: t.array(t.string) });
type SwarmInput = t.TypeOf<typeof SwarmInput>;

const maxOutputChars = 50_000;

/** The swarmlog checkout or install this module belongs to (works from the sources and from dist/). */
export const findRepoRoot = installationRoot;

const cut = (text: string): string =>
  text.length > maxOutputChars ? `${text.slice(0, maxOutputChars)}\n[… ${text.length - maxOutputChars} more characters cut]` : text;

export const createSwarmTool = (options: { repoRoot?: string; timeoutMs?: number } = {}): AgentTool<SwarmInput> => {
  const timeoutMs = options.timeoutMs ?? 120_000;
  let repoRoot = options.repoRoot;
  return {
    name: 'swarm',
    description:
      'Run a swarm command, e.g. {"bin":"swarm","args":["task","show","<id>","--json"]} or ' +
      '{"bin":"claude-tasks","args":["complete","<id>","--result","…"]}. Each argument is one array element, passed ' +
      'as written (no shell: no quoting needed). Returns the exit code, stdout and stderr.',
    inputSchema: {
      type: 'object',
      properties: {
        bin: { type: 'string', enum: ['swarm', 'claude-tasks', 'claude-swarm'], description: 'Which CLI to run' },
        args: { type: 'array', items: { type: 'string' }, description: 'The arguments, one per element' },
      },
      required: ['bin', 'args'],
    },
    codec: SwarmInput,
    summarize: (input) => [input.bin, ...input.args].join(' '),
    run(input, context) {
      repoRoot ??= findRepoRoot();
      const binPath = join(repoRoot, 'cli', 'bin', input.bin);
      return new Promise((resolve) => {
        if (context.signal.aborted) return resolve(toolError('the run was stopped'));
        const child = spawn(process.execPath, [binPath, ...input.args], {
          cwd: context.workspace,
          env: { ...context.env },
          shell: false,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          if (stdout.length <= maxOutputChars) stdout += chunk;
        });
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          if (stderr.length <= maxOutputChars) stderr += chunk;
        });
        let why: string | undefined;
        const stop = (reason: string) => {
          why = reason;
          child.kill('SIGKILL');
        };
        const timer = setTimeout(() => stop(`timed out after ${timeoutMs} ms`), timeoutMs);
        const onAbort = () => stop('the run was stopped');
        context.signal.addEventListener('abort', onAbort, { once: true });
        child.on('error', (error) => {
          clearTimeout(timer);
          context.signal.removeEventListener('abort', onAbort);
          resolve(toolError(`could not run ${input.bin}: ${error.message}`));
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          context.signal.removeEventListener('abort', onAbort);
          const text = [`exit code ${code ?? 'none'}${why ? ` (${why})` : ''}`, stdout && `stdout:\n${cut(stdout)}`, stderr && `stderr:\n${cut(stderr)}`]
            .filter(Boolean)
            .join('\n');
          resolve(code === 0 ? toolOk(text) : toolError(text));
        });
      });
    },
  };
};
