/**
 * The `swarm` tool: runs one of the swarm's CLIs (`swarm`, `claude-tasks`, `claude-swarm`) with an argument array,
 * as the agent's own process would: `node <repo>/cli/bin/<bin> …args` with the run's environment (SWARM_AGENT etc.),
 * in the workspace, in the run's sandbox, never through a shell, so an argument with quotes, `$(…)` or `;` arrives as
 * written.
 */
import { join } from 'node:path';
import * as t from 'io-ts';
import type { AgentTool } from './agent-tool.js';
import { describeProcess, runSandboxed } from './sandboxed-process.js';
import { installationRoot } from '../installation-root.js';

const SwarmBin = t.keyof({ swarm: null, 'claude-tasks': null, 'claude-swarm': null });
const SwarmInput = t.type({ bin: SwarmBin, args: t.array(t.string) });
type SwarmInput = t.TypeOf<typeof SwarmInput>;

const maxOutputChars = 50_000;

/** The swarmlog checkout or install this module belongs to (works from the sources and from dist/). */
export const findRepoRoot = installationRoot;

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
    async run(input, context) {
      repoRoot ??= findRepoRoot();
      const binPath = join(repoRoot, 'cli', 'bin', input.bin);
      const result = await runSandboxed({ command: process.execPath, args: [binPath, ...input.args], cwd: context.workspace }, context, { timeoutMs, maxOutputChars });
      return describeProcess(result);
    },
  };
};
