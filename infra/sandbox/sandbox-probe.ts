import { spawnSync } from 'node:child_process';

/**
 * Whether bubblewrap can make a sandbox here: it must be installed and allowed to create namespaces (some
 * containers forbid it). Tried once at start with the same namespaces every run uses.
 */
export const probeBubblewrap = (command = 'bwrap'): { ok: true } | { ok: false; reason: string } => {
  const tried = spawnSync(command, ['--unshare-all', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (tried.error) return { ok: false, reason: `${command}: ${(tried.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not installed (apt-get install bubblewrap)' : tried.error.message}` };
  if (tried.status !== 0) return { ok: false, reason: `${command} cannot create namespaces here: ${(tried.stderr || '').trim() || `exit code ${tried.status}`}` };
  return { ok: true };
};
