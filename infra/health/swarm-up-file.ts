// How a running `swarm up` tells other processes on this host how it runs its agents: `swarm status` in another
// terminal says a swarm runs them unsandboxed (`--unsafe-no-sandbox`) from its start, before any run has recorded it
// (issue E point 2). One file per process (`swarm-up-<pid>.json`: several may serve one log), removed at a clean stop;
// a file whose process is gone is ignored.
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { processAlive } from './process-alive.js';

const SwarmUpFile = t.type({ pid: t.number, sandbox: t.string, startedAt: t.string });
export type RunningSwarmUp = t.TypeOf<typeof SwarmUpFile>;

const fileOf = (dir: string, pid: number): string => join(dir, `swarm-up-${pid}.json`);

export const writeSwarmUp = (dir: string, info: Omit<RunningSwarmUp, 'pid'>): void => {
  const path = fileOf(dir, process.pid);
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ pid: process.pid, ...info })}\n`);
  renameSync(`${path}.tmp`, path);
};

export const removeSwarmUp = (dir: string): void => rmSync(fileOf(dir, process.pid), { force: true });

/** The `swarm up` processes running on this home (this host), oldest first. */
export const runningSwarmUps = (dir: string): RunningSwarmUp[] => {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^swarm-up-\d+\.json$/.test(n));
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      try {
        const decoded = SwarmUpFile.decode(JSON.parse(readFileSync(join(dir, name), 'utf8')));
        return isRight(decoded) && processAlive(decoded.right.pid) ? [decoded.right] : [];
      } catch {
        return [];
      }
    })
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
};
