import { isAbsolute, relative, resolve } from 'node:path';

/**
 * Where a run starts (its working directory, and the API driver's workspace): the product folder its task names
 * (`path` or `files_path`) when that folder is one the role may write — build, fix, review and test work happen in
 * the product — otherwise the run's own folder.
 */
export const roleWorkspace = (runFolder: string, writable: readonly string[], payload: unknown): string => {
  const named = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>).path ?? (payload as Record<string, unknown>).files_path : undefined;
  if (typeof named !== 'string' || !isAbsolute(named)) return runFolder;
  const target = resolve(named);
  const inside = writable.some((folder) => {
    const rel = relative(folder, target);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  });
  return inside ? target : runFolder;
};
