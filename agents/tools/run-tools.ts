/** The tools an `anthropic` run gets: the swarm CLIs and the workspace's files. */
import type { AgentTool } from './agent-tool.js';
import { listFilesTool, readFileTool, writeFileTool } from './file-tools.js';
import { createSwarmTool } from './swarm-tool.js';

export const runTools = (options: { repoRoot?: string; swarmTimeoutMs?: number } = {}): readonly AgentTool<any>[] => [
  createSwarmTool({ ...(options.repoRoot ? { repoRoot: options.repoRoot } : {}), ...(options.swarmTimeoutMs ? { timeoutMs: options.swarmTimeoutMs } : {}) }),
  readFileTool,
  writeFileTool,
  listFilesTool,
];
