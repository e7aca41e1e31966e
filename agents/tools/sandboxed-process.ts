/**
 * Running one program for a tool: wrapped by the run's sandbox (no network), never through a shell, with the run's
 * environment less the driver's own model credentials, stdin closed, stopped after a time limit or when the run is
 * stopped, and its output kept up to a limit per stream. The answer is text the model reads: the exit code (or why
 * there is none), then stdout and stderr, each saying how much was cut.
 */
import { spawn } from 'node:child_process';
import { signalGroup } from '../sandbox/signal-group.js';
import type { ToolContext } from './agent-tool.js';

export interface ProcessLimits {
  readonly timeoutMs: number;
  /** Characters kept of stdout and of stderr, each. */
  readonly maxOutputChars: number;
}

export interface ProcessResult {
  /** null when the program did not end by itself (timed out, stopped) or never started. */
  readonly exitCode: number | null;
  /** Why the program was stopped or could not start. */
  readonly stoppedBecause?: string;
  readonly stdout: string;
  readonly stderr: string;
  /** Characters dropped beyond the limit. */
  readonly stdoutCut: number;
  readonly stderrCut: number;
}

/** The model's API credentials belong to the driver, not to the programs the model runs. */
const driverOnly = new Set(['ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN']);

/** How long the output may stay open after the program ended (a child it left behind holding the pipes). */
const drainGraceMs = 1_000;

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

const collector = (limit: number) => {
  let text = '';
  let cut = 0;
  return {
    add(chunk: string) {
      const room = limit - text.length;
      if (room >= chunk.length) text += chunk;
      else {
        if (room > 0) text += chunk.slice(0, room);
        cut += chunk.length - Math.max(room, 0);
      }
    },
    get text() {
      return text;
    },
    get cut() {
      return cut;
    },
  };
};

export const runSandboxed = (
  program: { readonly command: string; readonly args: readonly string[]; readonly cwd: string },
  context: ToolContext,
  limits: ProcessLimits,
): Promise<ProcessResult> =>
  new Promise((resolve) => {
    const none = { stdout: '', stderr: '', stdoutCut: 0, stderrCut: 0 };
    if (context.signal.aborted) return resolve({ exitCode: null, stoppedBecause: 'the run was stopped', ...none });
    const env = Object.fromEntries(Object.entries(context.env).filter(([name]) => !driverOnly.has(name)));
    const wrapped = context.sandbox.wrap({ command: program.command, args: program.args, cwd: program.cwd, env }, { network: false });
    // Its own process group, so stopping it also stops what it started (a test runner's workers).
    const child = spawn(wrapped.command, [...wrapped.args], { cwd: wrapped.cwd, env: { ...wrapped.env }, shell: false, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = collector(limits.maxOutputChars);
    const stderr = collector(limits.maxOutputChars);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => stdout.add(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => stderr.add(chunk));

    let stoppedBecause: string | undefined;
    let exitCode: number | null = null;
    let settled = false;
    let drainTimer: NodeJS.Timeout | undefined;
    const spawnedAt = Date.now();
    const killGroup = () => signalGroup(child, 'SIGKILL', spawnedAt);
    const settle = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(drainTimer);
      context.signal.removeEventListener('abort', onAbort);
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({ exitCode: stoppedBecause ? null : exitCode, ...(stoppedBecause ? { stoppedBecause } : {}), stdout: stdout.text, stderr: stderr.text, stdoutCut: stdout.cut, stderrCut: stderr.cut });
    };
    const stop = (reason: string) => {
      if (settled || stoppedBecause) return;
      stoppedBecause = reason;
      killGroup();
      drainTimer ??= setTimeout(settle, drainGraceMs);
    };
    const timer = setTimeout(() => stop(`timed out after ${seconds(limits.timeoutMs)}: stopped`), limits.timeoutMs);
    const onAbort = () => stop('the run was stopped');
    context.signal.addEventListener('abort', onAbort, { once: true });

    child.on('error', (error) => {
      stoppedBecause ??= `could not start ${program.command}: ${error.message}`;
      settle();
    });
    child.on('exit', (code) => {
      exitCode = code;
      // What it left running is stopped with it; the output gets a moment to drain.
      killGroup();
      drainTimer ??= setTimeout(settle, drainGraceMs);
    });
    child.on('close', settle);
  });

const shown = (name: string, text: string, cut: number) =>
  text || cut ? `${name}:\n${text}${cut ? `\n[… ${cut} more characters cut]` : ''}` : '';

/** The result as the model reads it; an error unless the program exited with 0. */
export const describeProcess = (result: ProcessResult): { text: string; isError: boolean } => {
  const status = result.stoppedBecause ? `exit code none (${result.stoppedBecause})` : `exit code ${result.exitCode ?? 'none'}`;
  const text = [status, shown('stdout', result.stdout, result.stdoutCut), shown('stderr', result.stderr, result.stderrCut)].filter(Boolean).join('\n');
  return { text, isError: result.exitCode !== 0 };
};
