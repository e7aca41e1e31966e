// How a running `swarm up` tells other processes on this host what it sees of the log: `swarm status` in another
// terminal cannot read a log that is away, but it can say since when the swarm has found it so (issue M point 5).
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRight } from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { processAlive } from './process-alive.js';
import type { LogHealth } from '../../processes/health/log-health.js';

const LogHealthFile = t.intersection([
  t.type({ pid: t.number, reachable: t.boolean, unreachableSince: t.union([t.string, t.null]), writtenAt: t.string }),
  t.partial({ error: t.string }),
]);

export const logHealthFile = (home: string): string => join(home, 'log-health.json');

/** Written whenever the log goes away or comes back; atomically, so a reader never sees half of it. */
export const writeLogHealth = (home: string, health: LogHealth, writtenAt: string): void => {
  const path = logHealthFile(home);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ pid: process.pid, ...health, writtenAt })}\n`);
  renameSync(temporary, path);
};

/** At a clean stop: no `swarm up` watches the log from here any more. */
export const removeLogHealth = (home: string): void => rmSync(logHealthFile(home), { force: true });

/** What the `swarm up` running on this home last saw of the log; undefined when none runs (or the file is not one). */
export const readLogHealth = (home: string): LogHealth | undefined => {
  let text: string;
  try {
    text = readFileSync(logHealthFile(home), 'utf8');
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const decoded = LogHealthFile.decode(json);
  if (!isRight(decoded) || !processAlive(decoded.right.pid)) return undefined;
  const { reachable, unreachableSince, error } = decoded.right;
  return { reachable, unreachableSince, ...(error !== undefined ? { error } : {}) };
};
