/**
 * A tool the `anthropic` driver offers the model: its name and JSON schema (what the model sees), an io-ts codec for
 * its input (what we trust), and what it does. A bad tool call is answered with a tool_result error naming the field,
 * so the model can correct itself; it never crashes the run.
 */
import type * as t from 'io-ts';
import { decodeWith } from '../../domain/decode.js';
import type { RunSandbox } from '../sandbox/run-sandbox.js';

/** Folders (absolute host paths) a run reaches besides its workspace: its role's folders of `$SWARM_HOME`. */
export interface ToolFolders {
  readonly writable: readonly string[];
  readonly readOnly: readonly string[];
}

export interface ToolContext {
  /** The role's workspace: relative paths start here, and commands run here unless told another folder. */
  readonly workspace: string;
  /**
   * Where else the file tools and commands may reach (the folders the run's sandbox shows besides the workspace);
   * none when absent, so every path stays inside the workspace.
   */
  readonly folders?: ToolFolders;
  /** The run's environment, handed to any process a tool starts (never `process.env`). */
  readonly env: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** Every process a tool starts runs in the run's sandbox, without network. */
  readonly sandbox: RunSandbox;
}

export interface ToolResult {
  readonly text: string;
  readonly isError: boolean;
}

export interface AgentTool<A = unknown> {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of the input, as the Messages API wants it. */
  readonly inputSchema: { readonly type: 'object'; readonly properties: Record<string, unknown>; readonly required?: readonly string[] };
  readonly codec: t.Type<A, unknown, unknown>;
  /** One line for the run's `tool` event. */
  readonly summarize: (input: A) => string;
  readonly run: (input: A, context: ToolContext) => Promise<ToolResult>;
}

export const toolError = (text: string): ToolResult => ({ text, isError: true });
export const toolOk = (text: string): ToolResult => ({ text, isError: false });

export interface ToolCallOutcome extends ToolResult {
  readonly summary: string;
}

/** Decodes and runs one tool call; every failure becomes an error result the model can read. */
export const runToolCall = async (
  tools: readonly AgentTool<any>[],
  name: string,
  input: unknown,
  context: ToolContext,
): Promise<ToolCallOutcome> => {
  const tool = tools.find((candidate) => candidate.name === name);
  if (!tool) return { ...toolError(`unknown tool "${name}": use one of ${tools.map((x) => x.name).join(', ')}`), summary: `unknown tool ${name}` };
  const decoded = decodeWith(tool.codec, 'input')(input);
  if (decoded._tag === 'Left') {
    return { ...toolError(`bad input for ${name}: ${decoded.left.message}`), summary: `bad input (${decoded.left.field ?? 'input'})` };
  }
  const summary = tool.summarize(decoded.right);
  try {
    return { ...(await tool.run(decoded.right, context)), summary };
  } catch (error) {
    return { ...toolError(`${name} failed: ${(error as Error).message}`), summary };
  }
};
