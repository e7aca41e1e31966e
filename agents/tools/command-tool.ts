/**
 * The `run_command` tool: runs one program with an argument array in the run's sandbox (no network), in the role's
 * workspace or a folder of it — what a builder needs to install nothing, build and run a product's tests, and a tester
 * to run them again. Never through a shell: each argument arrives as written, so there are no pipes, redirections,
 * globs or `$VARIABLES` (a program that is itself a shell, or `npm test` running a script, still runs inside the
 * sandbox, which is the boundary). Time- and output-limited; the answer holds the exit code, stdout and stderr.
 */
import { stat } from 'node:fs/promises';
import * as t from 'io-ts';
import { toolError, type AgentTool } from './agent-tool.js';
import { describeProcess, runSandboxed } from './sandboxed-process.js';
import { resolveToolPath } from './workspace-path.js';

const CommandInput = t.intersection([t.type({ program: t.string, args: t.array(t.string) }), t.partial({ cwd: t.string })]);
type CommandInput = t.TypeOf<typeof CommandInput>;

export interface CommandToolOptions {
  /** How long one command may run before it is stopped (default 120 s). */
  readonly timeoutMs?: number;
  /** Characters kept of stdout and of stderr, each (default 50,000). */
  readonly maxOutputChars?: number;
}

export const defaultCommandTimeoutMs = 120_000;
export const defaultCommandOutputChars = 50_000;

export const createCommandTool = (options: CommandToolOptions = {}): AgentTool<CommandInput> => {
  const timeoutMs = options.timeoutMs ?? defaultCommandTimeoutMs;
  const maxOutputChars = options.maxOutputChars ?? defaultCommandOutputChars;
  return {
    name: 'run_command',
    description:
      'Run a program with its arguments, e.g. {"program":"npm","args":["test"]} or {"program":"node","args":["--test"],' +
      '"cwd":"app"}. No shell: each argument is one array element, passed as written (no pipes, redirections, globs or ' +
      `$VARIABLES). Runs in your sandbox without network, in the workspace or cwd, for at most ${Math.round(timeoutMs / 1000)} s; ` +
      `returns the exit code, stdout and stderr (each cut after ${maxOutputChars} characters).`,
    inputSchema: {
      type: 'object',
      properties: {
        program: { type: 'string', description: 'The program: a name found on PATH (node, npm, git …) or a path' },
        args: { type: 'array', items: { type: 'string' }, description: 'The arguments, one per element' },
        cwd: { type: 'string', description: 'Folder to run in: relative to the workspace, or absolute inside a folder of your role (default: the workspace)' },
      },
      required: ['program', 'args'],
    },
    codec: CommandInput,
    summarize: (input) => [input.program, ...input.args].join(' ') + (input.cwd ? ` (in ${input.cwd})` : ''),
    async run(input, context) {
      if (!input.program.trim()) return toolError('program: empty');
      if (input.program.includes('\0')) return toolError('program: contains a NUL character');
      if (input.args.some((a) => a.includes('\0'))) return toolError('args: an argument contains a NUL character');
      const cwd = resolveToolPath(context, input.cwd ?? '.', 'read', 'cwd');
      if (cwd._tag === 'Left') return toolError(cwd.left);
      if (!(await stat(cwd.right).catch(() => undefined))?.isDirectory()) return toolError(`cwd: "${input.cwd ?? '.'}" is not a folder`);
      const result = await runSandboxed({ command: input.program, args: input.args, cwd: cwd.right }, context, { timeoutMs, maxOutputChars });
      return describeProcess(result);
    },
  };
};
