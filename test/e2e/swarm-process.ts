import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  json<T = any>(): T;
}

/** A temporary SWARM_HOME with helpers to run the real built bins and `swarm up` as OS processes. */
export const swarmHome = (extraEnv: Record<string, string> = {}) => {
  const home = mkdtempSync(join(tmpdir(), 'swarmlog-e2e-'));
  const env = { ...process.env, SWARM_HOME: home, SWARM_LOG_LEVEL: 'warn', ...extraEnv } as NodeJS.ProcessEnv;
  delete env.SWARM_AGENT;
  const cli = (bin: string, args: readonly string[], more: Record<string, string> = {}): CliResult => {
    const r = spawnSync(process.execPath, [`cli/bin/${bin}`, ...args], { env: { ...env, ...more }, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
  };
  const ups: ChildProcess[] = [];
  /** `more`: environment of this process only (e.g. another host's SWARM_STATE_DIR on the same home). */
  const up = async (args: readonly string[] = [], more: Record<string, string> = {}): Promise<{ child: ChildProcess; output: () => string }> => {
    // Tests run side by side: each dashboard takes a free port unless the test chose one.
    const port = args.includes('--port') || args.includes('--no-dashboard') ? [] : ['--port', '0'];
    const child = spawn(process.execPath, ['cli/bin/swarm', 'up', ...port, ...args], { env: { ...env, ...more }, stdio: ['ignore', 'pipe', 'pipe'] });
    ups.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    // Generous: on a loaded machine (the suite runs two files at a time) a start has taken over 20 s.
    const deadline = Date.now() + 90_000;
    while (!out.includes('Ctrl-C stops')) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`swarm up did not start:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return { child, output: () => out };
  };
  const stop = async (child: ChildProcess, signal: NodeJS.Signals = 'SIGINT') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  };
  return {
    home,
    env,
    cli,
    up,
    stop,
    cleanup: async () => {
      for (const child of ups) await stop(child, 'SIGKILL');
      rmSync(home, { recursive: true, force: true });
    },
  };
};

/** Polls `probe` until it returns a value (not undefined), or fails after `ms`. */
export const waitFor = async <T>(what: string, probe: () => T | undefined, ms = 60_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
};
