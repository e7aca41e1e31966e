/**
 * Confining a path the model gave to where its run may reach: the workspace, plus the folders of `$SWARM_HOME` its
 * role may write (and, for reading, those it may only read) — the same folders its sandbox shows
 * (`agents/sandbox/role-folders.ts`). A relative path is relative to the workspace; an absolute one (or one starting
 * with `$SWARM_HOME`, as the prompts write them) is accepted only inside one of those folders. No `..` segment, and no
 * symlink that leads outside (checked on the real path of the deepest part that exists).
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep, dirname } from 'node:path';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { roleFolders } from '../sandbox/role-folders.js';
import { foldersForTask, productFolderOf } from '../sandbox/product-folder.js';
import type { AgentName } from '../../domain/agent/roles.js';
import type { ToolContext, ToolFolders } from './agent-tool.js';

const inside = (root: string, candidate: string): boolean => {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

const deepestExisting = (path: string): string => {
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
};

/** The path with every link of its existing part followed (the part that does not exist yet holds no link). */
const realOf = (path: string): string => {
  const existing = deepestExisting(path);
  return join(realpathSync(existing), relative(existing, path));
};

/**
 * The folders of `$SWARM_HOME` a role reaches besides its workspace (none without `$SWARM_HOME` or for other roles):
 * of the product folders, only the one the workspace is in, as its sandbox shows them.
 */
export const roleToolFolders = (role: string, swarmHome: string | undefined, workspace: string): ToolFolders => {
  if (!swarmHome || !Object.hasOwn(roleFolders, role)) return { writable: [], readOnly: [] };
  const folders = foldersForTask(roleFolders[role as AgentName], productFolderOf({ path: workspace }, [swarmHome]));
  return { writable: folders.writable.map((f) => join(swarmHome, f)), readOnly: folders.readOnly.map((f) => join(swarmHome, f)) };
};

const swarmHomePrefix = /^(\$SWARM_HOME|\$\{SWARM_HOME\})(?=$|[\\/])/;

export type PathAccess = 'read' | 'write';

/** The absolute path the model meant, or why it is refused (with the field name, for the model to correct itself). */
export const resolveToolPath = (
  context: Pick<ToolContext, 'workspace' | 'env' | 'folders'>,
  path: string,
  access: PathAccess,
  field = 'path',
): Either<string, string> => {
  if (path.includes('\0')) return left(`${field}: contains a NUL character`);
  let expanded = path;
  if (swarmHomePrefix.test(path)) {
    const swarmHome = context.env.SWARM_HOME;
    if (!swarmHome) return left(`${field}: "${path}" names $SWARM_HOME, which this run does not have`);
    expanded = path.replace(swarmHomePrefix, swarmHome);
  }
  if (expanded.split(/[\\/]+/).includes('..')) return left(`${field}: "${path}" uses "..": paths stay inside the workspace`);
  const workspace = resolve(context.workspace);
  const target = isAbsolute(expanded) ? resolve(expanded) : resolve(workspace, expanded);
  const writable = [workspace, ...(context.folders?.writable ?? []).map((f) => resolve(f))];
  const readOnly = (context.folders?.readOnly ?? []).map((f) => resolve(f));
  const roots = access === 'write' ? writable : [...writable, ...readOnly];
  const root = roots.filter((r) => inside(r, target)).sort((a, b) => b.length - a.length)[0];
  const readOnlyHolder = readOnly.filter((r) => inside(r, target)).sort((a, b) => b.length - a.length)[0];
  if (access === 'write' && readOnlyHolder && (!root || readOnlyHolder.length > root.length)) {
    return left(`${field}: "${path}" is in a folder this role may only read`);
  }
  if (!root) {
    const others = context.folders && (context.folders.writable.length > 0 || context.folders.readOnly.length > 0) ? ` and the folders of this role (${[...writable.slice(1), ...readOnly].join(', ')})` : '';
    return left(`${field}: "${path}" is outside the workspace${others}`);
  }
  if (!inside(realOf(root), realOf(target))) return left(`${field}: "${path}" leads outside the workspace through a link`);
  return right(target);
};

