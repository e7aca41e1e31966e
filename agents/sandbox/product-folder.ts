import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { RoleFolders } from './role-folders.js';

/** The folder of `$SWARM_HOME` holding one folder per product; a run sees at most the one its task is about. */
export const PRODUCTS = 'projects';

const swarmHomePrefix = /^\$(SWARM_HOME|\{SWARM_HOME\})(?=$|[\\/])/;

/**
 * The product a task is about: `projects/<name>`, the first folder under `projects/` that its payload names (`path`
 * or `files_path`: absolute, `$SWARM_HOME/…` as the prompts write it, or relative to `$SWARM_HOME`), looked for under
 * each home the run may know it by (a what-if fork's tasks name the live home's paths). Undefined when the task names
 * no product folder.
 */
export const productFolderOf = (payload: unknown, homes: readonly string[]): string | undefined => {
  const record = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : {};
  const named = record.path ?? record.files_path;
  if (typeof named !== 'string' || named === '') return undefined;
  for (const home of homes) {
    const expanded = named.replace(swarmHomePrefix, home);
    const rel = relative(join(home, PRODUCTS), resolve(home, expanded));
    const first = rel.split(sep)[0];
    if (rel !== '' && !isAbsolute(rel) && first !== undefined && first !== '..' && first !== '') return join(PRODUCTS, first);
  }
  return undefined;
};

/**
 * A role's folders for one task (SPEC §6 "Containment": what each role must write, and nothing else): `projects`
 * narrowed to the product folder the task names, dropped when it names none. A build, review or test run reaches its
 * own product only, never another one (a product waiting for a person's approval stays as the person saw it).
 */
export const foldersForTask = (folders: RoleFolders, product: string | undefined): RoleFolders => {
  const narrow = (list: readonly string[]) => list.flatMap((f) => (f === PRODUCTS ? (product ? [product] : []) : [f]));
  return { writable: narrow(folders.writable), readOnly: narrow(folders.readOnly) };
};
