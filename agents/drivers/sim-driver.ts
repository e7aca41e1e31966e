import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSimLine } from '../sim/sim-protocol.js';
import type { AgentDriver, DriverEvent, RunOutcome, RunRequest } from './driver.js';
import { signalGroup } from '../sandbox/signal-group.js';
import { simDirectivesEnv } from '../sim/directives.js';
import { knownIdeasEnv } from '../sim/known-ideas.js';

/** The model name the sim driver reports, so usage and runs always say the agent was simulated. */
export const simulatedModel = 'simulated';

/** Token counts a real model would have used, made up but small and deterministic: a quarter of the prompt's characters in, a fixed amount per action out. */
export const simulatedTokens = (prompt: string, actions: number): { inputTokens: number; outputTokens: number } => ({
  inputTokens: Math.ceil(prompt.length / 4),
  outputTokens: 40 * actions,
});

/** The built simulated agent program, found by walking up from this module to the directory holding `dist/`. */
export const defaultSimProgram = (start = dirname(fileURLToPath(import.meta.url))): string => {
  for (let dir = start; ; dir = dirname(dir)) {
    const program = join(dir, 'dist', 'agents', 'sim', 'sim-agent.js');
    if (existsSync(program)) return program;
    if (dirname(dir) === dir) throw new Error(`the simulated agent is not built (dist/agents/sim/sim-agent.js above ${start}); run npm run build`);
  }
};

export interface SimDriverOptions {
  /** The program to run (default: the built simulated agent). Tests pass another to check the process handling. */
  readonly program?: string;
  /** How long a stopped run may take to exit before it is killed outright. */
  readonly killGraceMs?: number;
}

/**
 * The `sim` driver: runs the simulated agent as a real child process (`node dist/agents/sim/sim-agent.js`, no
 * shell) with exactly the request's environment, in the run's workspace. Its stdout and stderr go to the run log;
 * its JSON lines become `tool` and `progress` events; usage is reported with zero cost under the model
 * `simulated`. Aborting the request's signal stops the run (SIGTERM to its process group, SIGKILL after a grace).
 */
export const createSimDriver = (options: SimDriverOptions = {}): AgentDriver => ({
  name: 'sim',
  usesLlm: false,
  run: (request, onEvent) => runSim(request, onEvent, options),
});

const runSim = (request: RunRequest, onEvent: (event: DriverEvent) => void, options: SimDriverOptions): Promise<RunOutcome> => {
  const started = Date.now();
  let actions = 0;
  const usage = () => {
    const tokens = simulatedTokens(request.prompt, actions);
    onEvent({ kind: 'usage', ...tokens, costUsd: 0, model: simulatedModel });
    return tokens;
  };
  const finish = (outcome: Omit<RunOutcome, 'durationMs' | 'inputTokens' | 'outputTokens' | 'costUsd'>): RunOutcome => ({
    ...usage(),
    costUsd: 0,
    durationMs: Date.now() - started,
    ...outcome,
  });
  if (request.signal.aborted) return Promise.resolve(finish({ exitCode: null, outcome: 'stopped', reason: 'stopped before it started' }));

  let program: string;
  try {
    program = options.program ?? defaultSimProgram();
  } catch (e) {
    return Promise.resolve(finish({ exitCode: null, outcome: 'crashed', reason: (e as Error).message }));
  }
  mkdirSync(dirname(request.logPath), { recursive: true });
  mkdirSync(request.workspace, { recursive: true });
  const log = createWriteStream(request.logPath, { flags: 'a' });

  return new Promise<RunOutcome>((resolve) => {
    // Its own process group, so stopping the run also stops the CLI call it is in the middle of.
    // The simulated agent needs no network: its sandbox has none.
    // Prompt directives (`sim: critic.minGreen=4` …) reach the simulated agent in its environment: it never reads the prompt.
    // So are the ideas the swarm already has (the prompt's list), which the simulated Hunter does not propose again.
    const env = { ...request.env, ...simDirectivesEnv(request.prompt), ...knownIdeasEnv(request.prompt) };
    const wrapped = request.sandbox.wrap({ command: process.execPath, args: [program], cwd: request.workspace, env }, { network: false });
    const child = spawn(wrapped.command, [...wrapped.args], {
      cwd: wrapped.cwd,
      env: { ...wrapped.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      detached: true,
    });
    let failedReason: string | undefined;
    let stopped = false;
    let killTimer: NodeJS.Timeout | undefined;
    let pending = '';

    const spawnedAt = Date.now();
    const signalRun = (signal: NodeJS.Signals) => signalGroup(child, signal, spawnedAt);
    const onAbort = () => {
      stopped = true;
      signalRun('SIGTERM');
      killTimer = setTimeout(() => signalRun('SIGKILL'), options.killGraceMs ?? 2_000);
    };
    request.signal.addEventListener('abort', onAbort, { once: true });

    const handleLine = (text: string) => {
      const line = parseSimLine(text.trim());
      if (!line) return;
      if (line.kind === 'tool') {
        actions++;
        onEvent({ kind: 'tool', name: line.name, summary: line.summary });
      } else if (line.kind === 'progress') {
        actions++;
        onEvent({ kind: 'progress', note: line.note });
      } else failedReason = line.reason;
    };
    child.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) handleLine(line);
    });
    let stderrTail = '';
    child.stderr.on('data', (chunk: Buffer) => {
      log.write(chunk);
      stderrTail = `${stderrTail}${chunk.toString('utf8')}`.slice(-2_000);
    });

    let settled = false;
    const settle = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      if (killTimer) clearTimeout(killTimer);
      request.signal.removeEventListener('abort', onAbort);
      log.end(() => resolve(outcome));
    };
    child.on('error', (e) => settle(finish({ exitCode: null, outcome: 'crashed', reason: `could not start the simulated agent: ${e.message}` })));
    child.on('close', (code, signal) => {
      if (pending) handleLine(pending);
      if (stopped) return settle(finish({ exitCode: code, outcome: 'stopped', reason: 'the run was stopped' }));
      if (code === 0) return settle(finish({ exitCode: 0, outcome: 'completed' }));
      if (failedReason !== undefined) return settle(finish({ exitCode: code, outcome: 'failed', reason: failedReason }));
      const tail = stderrTail.trim().split('\n').slice(-3).join(' ').slice(0, 500);
      return settle(finish({ exitCode: code, outcome: 'crashed', reason: signal ? `killed by ${signal}` : `exited with ${code}${tail ? `: ${tail}` : ''}` }));
    });
  });
};
