import { constants, cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workFolders } from '../../agents/sandbox/role-folders.js';

/** What a fork was given of the files the swarm made outside its log. */
export interface ForkFiles {
  /** When they were copied (the fork's creation: the log keeps no file contents, so not the fork point's state). */
  readonly copiedAt: string;
  /** The work folders found in the live home and copied (`projects`, `specs` …). */
  readonly folders: string[];
  readonly files: number;
  readonly bytes: number;
}

const sizeOf = (path: string): { files: number; bytes: number } => {
  const s = statSync(path);
  if (!s.isDirectory()) return { files: 1, bytes: s.size };
  return readdirSync(path).reduce(
    (sum, name) => {
      const inner = sizeOf(join(path, name));
      return { files: sum.files + inner.files, bytes: sum.bytes + inner.bytes };
    },
    { files: 0, bytes: 0 },
  );
};

/**
 * Copies the live home's work folders (a product's folder, its spec, evaluations, downloads …) into a fork's folder,
 * so a run re-decided in the fork works on the files the original worked on, and whatever the fork's runs write
 * stays in the fork. Copied as they are now: the log records what runs did, not the files' contents. Files are
 * cloned where the file system can (copy-on-write), else copied; symbolic links are copied as links.
 */
export const copyWorkFolders = (liveHome: string, forkFolder: string, now: string): ForkFiles => {
  const folders = workFolders.filter((name) => existsSync(join(liveHome, name)));
  let files = 0;
  let bytes = 0;
  for (const name of folders) {
    cpSync(join(liveHome, name), join(forkFolder, name), { recursive: true, mode: constants.COPYFILE_FICLONE, verbatimSymlinks: true });
    const size = sizeOf(join(forkFolder, name));
    files += size.files;
    bytes += size.bytes;
  }
  return { copiedAt: now, folders, files, bytes };
};
