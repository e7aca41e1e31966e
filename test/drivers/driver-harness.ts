/** A run request for driver tests: a temp workspace and log, the fake CLIs first on the run's PATH, events collected. */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DriverEvent, RunRequest } from '../../agents/drivers/driver.js';
import type { RunSandbox } from '../../agents/sandbox/run-sandbox.js';
import { unconfinedSandboxFactory } from '../../infra/sandbox/unconfined-sandbox.js';

export const fakeLlmDir = resolve(dirname(fileURLToPath(import.meta.url)), '../fakes/llm');

/** No confinement (the `--unsafe-no-sandbox` adapter), HOME in `dir`: for tests about something else than the sandbox. */
export const unconfinedTestSandbox = (dir: string): RunSandbox =>
  unconfinedSandboxFactory(join(dir, 'agent.sock'))({ runFolder: dir, home: dir, writable: [], readOnly: [], homeFiles: {} });

/**
 * A sandbox that says it is bubblewrap and changes nothing: for checking what a driver does differently inside one
 * (permission-skipping flags), where the real confinement is beside the point.
 */
export const claimsBubblewrapSandbox = (dir: string): RunSandbox => ({ ...unconfinedTestSandbox(dir), mode: 'bubblewrap' });

export interface DriverRun {
  readonly dir: string;
  readonly request: RunRequest;
  readonly events: DriverEvent[];
  readonly onEvent: (event: DriverEvent) => void;
  readonly abort: AbortController;
  /** What the fake CLI recorded about itself (argv, env, cwd, pid, stdin). */
  readonly recorded: () => { argv: string[]; env: Record<string, string>; cwd: string; pid: number; stdin: string; prompt: string };
  readonly log: () => string;
  readonly cleanup: () => void;
}

export const driverRun = (overrides: { prompt?: string; model?: string; env?: Record<string, string> } = {}): DriverRun => {
  const dir = mkdtempSync(join(tmpdir(), 'swarmlog-driver-'));
  const recordPath = join(dir, 'recorded.json');
  const abort = new AbortController();
  const events: DriverEvent[] = [];
  const request: RunRequest = {
    runId: 'run-1',
    agent: 'builder',
    role: 'builder',
    model: overrides.model ?? 'claude-sonnet-4-6',
    prompt: overrides.prompt ?? 'Build the product described in the task.',
    workspace: dir,
    env: {
      PATH: `${fakeLlmDir}:${dirname(process.execPath)}:/usr/bin:/bin`,
      HOME: dir,
      SWARM_AGENT: 'builder',
      SWARM_RUN_ID: 'run-1',
      SWARM_TASK_ID: 'task-1',
      FAKE_LLM_RECORD: recordPath,
      ...overrides.env,
    },
    logPath: join(dir, 'logs', 'run-1.log'),
    signal: abort.signal,
    sandbox: unconfinedTestSandbox(dir),
  };
  return {
    dir,
    request,
    events,
    onEvent: (e) => events.push(e),
    abort,
    recorded: () => JSON.parse(readFileSync(recordPath, 'utf8')),
    log: () => (existsSync(request.logPath) ? readFileSync(request.logPath, 'utf8') : ''),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
};

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
