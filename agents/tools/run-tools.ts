/** The tools an `anthropic` run gets: the swarm CLIs, the files of its workspace and role folders, and commands. */
import type { AgentTool } from './agent-tool.js';
import { createCommandTool } from './command-tool.js';
import { listFilesTool, readFileTool, writeFileTool } from './file-tools.js';
import { createSwarmTool } from './swarm-tool.js';

export interface RunToolsOptions {
  readonly repoRoot?: string;
  readonly swarmTimeoutMs?: number;
  /** How long one `run_command` may run (default 120 s). */
  readonly commandTimeoutMs?: number;
  /** Characters kept of a command's stdout and of its stderr (default 50,000). */
  readonly commandOutputChars?: number;
}

export const runTools = (options: RunToolsOptions = {}): readonly AgentTool<any>[] => [
  createSwarmTool({ ...(options.repoRoot ? { repoRoot: options.repoRoot } : {}), ...(options.swarmTimeoutMs ? { timeoutMs: options.swarmTimeoutMs } : {}) }),
  readFileTool,
  writeFileTool,
  listFilesTool,
  createCommandTool({
    ...(options.commandTimeoutMs ? { timeoutMs: options.commandTimeoutMs } : {}),
    ...(options.commandOutputChars ? { maxOutputChars: options.commandOutputChars } : {}),
  }),
];
