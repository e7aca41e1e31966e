/**
 * Confining a path the model gave to the run's workspace: relative paths only (an absolute path is accepted only when
 * it already lies inside the workspace), no `..` segment, and no symlink that leads outside (checked on the real path
 * of the deepest part that exists).
 */
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep, dirname } from 'node:path';
import { left, right, type Either } from 'fp-ts/lib/Either.js';

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

/** The absolute path inside the workspace, or why the path is refused. */
export const resolveInWorkspace = (workspace: string, path: string): Either<string, string> => {
  if (path.includes('\0')) return left('path: contains a NUL character');
  const segments = path.split(/[\\/]+/);
  if (segments.includes('..')) return left(`path: "${path}" uses "..": paths stay inside the workspace`);
  const root = resolve(workspace);
  const target = isAbsolute(path) ? resolve(path) : resolve(join(root, path));
  if (!inside(root, target)) return left(`path: "${path}" is outside the workspace`);
  const realRoot = realpathSync(root);
  const realExisting = realpathSync(deepestExisting(target));
  if (!inside(realRoot, realExisting)) return left(`path: "${path}" leads outside the workspace through a link`);
  return right(target);
};
