import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Builds the bins once per test file (they run the compiled dist/), as `npm test` does before the tests. */
export const buildOnce = (() => {
  let built = false;
  return () => {
    if (built) return;
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
    built = true;
  };
})();

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** A fresh SWARM_HOME and a way to run the real bins in it, as an agent (SWARM_AGENT) or as a human. */
export const cliHome = () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-cli-'));
  const run = (bin: 'swarm' | 'claude-swarm' | 'claude-tasks', args: readonly string[], agent?: string): CliResult => {
    const env: NodeJS.ProcessEnv = { ...process.env, SWARM_HOME: home, SWARM_OPERATOR: 'alice' };
    delete env.SWARM_AGENT;
    delete env.SWARM_STORE;
    if (agent) env.SWARM_AGENT = agent;
    const r = spawnSync(process.execPath, [`cli/bin/${bin}`, ...args], { env, encoding: 'utf8' });
    return {
      code: r.status,
      stdout: r.stdout,
      stderr: r.stderr,
      json: <T>() => JSON.parse(r.stdout.trim().split('\n').pop()!) as T,
    };
  };
  /** How many events the log holds (to check that bad input appended nothing). */
  const eventCount = (): number => run('swarm', ['events']).stdout.split('\n').filter((l) => l.trim() !== '').length;
  return { home, run, eventCount, cleanup: () => rmSync(home, { recursive: true, force: true }) };
};
