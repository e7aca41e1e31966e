import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ForkRunCodec = t.type({
  /** The run's id in the fork. */
  runId: t.string,
  agent: t.string,
  taskId: t.union([t.string, t.null]),
  /** `replayed`: played back from the recording (prompt unchanged); `re-run`: given to a driver again. */
  mode: t.keyof({ replayed: null, 're-run': null }),
  driver: t.string,
  /** The recorded run it stands for (same task and agent, in order), or null when the original had none. */
  counterpart: t.union([t.string, t.null]),
});
export type ForkRun = t.TypeOf<typeof ForkRunCodec>;

export const ForkStatus = t.keyof({ running: null, done: null, stopped_at_gate: null, failed: null });
export type ForkStatus = t.TypeOf<typeof ForkStatus>;

/** The live home's work folders as copied into a fork (`fork-files.ts`). */
const ForkFilesCodec = t.type({ copiedAt: t.string, folders: t.array(t.string), files: t.number, bytes: t.number });

/** `$SWARM_HOME/forks/<id>/fork.json`: what a fork was asked and how far it got (rewritten as it goes). */
export const ForkManifestCodec = t.intersection([
  t.type({
    id: t.string,
    createdAt: t.string,
    updatedAt: t.string,
    /** The recorded run the fork re-decides. */
    run: t.string,
    agent: t.string,
    taskId: t.union([t.string, t.null]),
    correlationId: t.string,
    /** The fork point: the recorded run's start. The fork sees the live log strictly before it. */
    forkBefore: t.number,
    /** The live log it was taken from. */
    baseStore: t.string,
    changes: t.type({
      prompt: t.boolean,
      promptHash: t.string,
      driver: t.union([t.string, t.null]),
      model: t.union([t.string, t.null]),
    }),
    continueRuns: t.number,
    decideGatesAsRecorded: t.boolean,
    status: ForkStatus,
    /** Why the fork stopped (or what it is doing while it runs). */
    note: t.string,
    runs: t.array(ForkRunCodec),
  }),
  // Absent in forks made before work folders were copied.
  t.partial({ files: ForkFilesCodec }),
]);
export type ForkManifest = t.TypeOf<typeof ForkManifestCodec>;

/** Where a swarm's forks live. */
export const forksFolder = (home: string): string => join(home, 'forks');
export const forkFolder = (home: string, id: string): string => join(forksFolder(home), id);
export const forkLogFile = (folder: string): string => join(folder, 'log.db');
export const forkProjectionsFile = (folder: string): string => join(folder, 'projections.db');

/** A fork id is a folder name of ours: letters, digits and dashes, nothing that walks out of `forks/`. */
export const isForkId = (id: string): boolean => /^wf-[a-z0-9-]{4,60}$/.test(id);

export const writeManifest = (folder: string, manifest: ForkManifest): void => {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'fork.json');
  // Written whole and renamed, so a reader (the dashboard, `swarm whatif show`) never sees half a file.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
};

export const readManifest = (folder: string): ForkManifest | undefined => {
  const file = join(folder, 'fork.json');
  if (!existsSync(file)) return undefined;
  try {
    const decoded = ForkManifestCodec.decode(JSON.parse(readFileSync(file, 'utf8')));
    return isLeft(decoded) ? undefined : decoded.right;
  } catch {
    return undefined;
  }
};

/** Every fork of a swarm, newest first. */
export const listManifests = (home: string): ForkManifest[] => {
  const dir = forksFolder(home);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter(isForkId)
    .flatMap((id) => readManifest(forkFolder(home, id)) ?? [])
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
};
