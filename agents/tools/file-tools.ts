/**
 * Reading, writing and listing files in the role's workspace and its folders of `$SWARM_HOME` (reading also in those
 * it may only read), and nowhere else: see `workspace-path.ts`.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import * as t from 'io-ts';
import { toolError, toolOk, type AgentTool } from './agent-tool.js';
import { resolveToolPath } from './workspace-path.js';

/** A file read is cut here (the model's context is finite); `offset` reads on. */
const maxReadChars = 100_000;
const maxWriteChars = 2_000_000;
const maxListed = 1_000;

const ReadFileInput = t.intersection([
  t.type({ path: t.string }),
  t.partial({ offset: t.number }),
]);
export const readFileTool: AgentTool<t.TypeOf<typeof ReadFileInput>> = {
  name: 'read_file',
  description:
    'Read a text file: a path relative to the workspace, or an absolute path (or one starting with $SWARM_HOME) in a ' +
    'folder your role may read. Long files come in parts: pass offset to read on.',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Path relative to the workspace, or absolute inside a folder of your role' },
      offset: { type: 'number', description: 'Character offset to start from (default 0)' },
    },
    required: ['path'],
  },
  codec: ReadFileInput,
  summarize: (input) => input.path,
  async run(input, context) {
    const resolved = resolveToolPath(context, input.path, 'read');
    if (resolved._tag === 'Left') return toolError(resolved.left);
    const info = await stat(resolved.right).catch(() => undefined);
    if (!info) return toolError(`path: "${input.path}" does not exist`);
    if (!info.isFile()) return toolError(`path: "${input.path}" is not a file`);
    const text = await readFile(resolved.right, 'utf8');
    const offset = Math.max(0, Math.floor(input.offset ?? 0));
    const part = text.slice(offset, offset + maxReadChars);
    const more = offset + part.length < text.length ? `\n[… ${text.length - offset - part.length} more characters: read on with offset ${offset + part.length}]` : '';
    return toolOk(part + more);
  },
};

const WriteFileInput = t.type({ path: t.string, content: t.string });
export const writeFileTool: AgentTool<t.TypeOf<typeof WriteFileInput>> = {
  name: 'write_file',
  description:
    'Create or overwrite a text file: a path relative to the workspace, or an absolute path (or one starting with ' +
    '$SWARM_HOME) in a folder your role may write; folders are created as needed.',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Path relative to the workspace, or absolute inside a folder of your role' },
      content: { type: 'string', description: 'The whole new content of the file' },
    },
    required: ['path', 'content'],
  },
  codec: WriteFileInput,
  summarize: (input) => input.path,
  async run(input, context) {
    if (input.content.length > maxWriteChars) return toolError(`content: longer than ${maxWriteChars} characters`);
    const resolved = resolveToolPath(context, input.path, 'write');
    if (resolved._tag === 'Left') return toolError(resolved.left);
    await mkdir(dirname(resolved.right), { recursive: true });
    await writeFile(resolved.right, input.content, 'utf8');
    return toolOk(`wrote ${input.content.length} characters to ${input.path}`);
  },
};

const ListFilesInput = t.partial({ path: t.string, recursive: t.boolean });
export const listFilesTool: AgentTool<t.TypeOf<typeof ListFilesInput>> = {
  name: 'list_files',
  description: 'List the files in a folder (relative to the workspace, or absolute; default: the workspace itself); folders end with "/".',
  inputSchema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'Folder relative to the workspace, or absolute inside a folder of your role (default ".")' },
      recursive: { type: 'boolean', description: 'Also list the contents of sub-folders (default false)' },
    },
  },
  codec: ListFilesInput,
  summarize: (input) => input.path ?? '.',
  async run(input, context) {
    const resolved = resolveToolPath(context, input.path ?? '.', 'read');
    if (resolved._tag === 'Left') return toolError(resolved.left);
    const info = await stat(resolved.right).catch(() => undefined);
    if (!info?.isDirectory()) return toolError(`path: "${input.path ?? '.'}" is not a folder`);
    const listed: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (listed.length >= maxListed) return;
        const full = join(dir, entry.name);
        const shown = relative(resolved.right, full);
        listed.push(entry.isDirectory() ? `${shown}/` : shown);
        if (entry.isDirectory() && input.recursive && !entry.isSymbolicLink()) await walk(full);
      }
    };
    await walk(resolved.right);
    const cut = listed.length >= maxListed ? `\n[listing cut at ${maxListed} entries]` : '';
    return toolOk(listed.length === 0 ? '(empty)' : listed.join('\n') + cut);
  },
};
