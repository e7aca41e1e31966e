/**
 * Runs one LLM CLI as a child process the safe way: the command and its arguments as an array (never a shell, so a
 * prompt with quotes, `$(…)` or `;` arrives verbatim), exactly the run's environment (never `process.env`), stdout
 * and stderr drained as they stream (the original read them once at exit and a chatty child blocked, W-10) into the
 * run log file and to a line callback, and a stop that is certain: SIGTERM to the child's process group, SIGKILL after
 * a grace period.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { splitLines } from './stream-json.js';
import { signalGroup } from '../sandbox/signal-group.js';

export interface ChildRunSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly logPath: string;
  readonly signal: AbortSignal;
  /** How long a stopped child has between SIGTERM and SIGKILL. */
  readonly graceMs: number;
  /** Written to the child's stdin, which is then closed (closed at once when absent). */
  readonly stdin?: string;
  readonly onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface ChildRunResult {
  readonly exitCode: number | null;
  readonly exitSignal: NodeJS.Signals | null;
  /** True when the run's signal stopped it. */
  readonly stopped: boolean;
  /** Set when the process could not be started at all (e.g. the command is not on the run's PATH). */
  readonly startError?: string;
  readonly durationMs: number;
}

/** After the child exits, how long its pipes may stay open (a grandchild holding them) before they are cut. */
const drainAfterExitMs = 2_000;

export const runChild = (spec: ChildRunSpec): Promise<ChildRunResult> => {
  const started = Date.now();
  mkdirSync(dirname(spec.logPath), { recursive: true });
  const log = createWriteStream(spec.logPath, { flags: 'a' });
  const closeLog = () => new Promise<void>((resolve) => log.end(resolve));

  if (spec.signal.aborted) {
    return closeLog().then(() => ({ exitCode: null, exitSignal: null, stopped: true, durationMs: 0 }));
  }

  return new Promise<ChildRunResult>((resolve) => {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...spec.env },
      shell: false,
      // Its own process group, so a stop reaches the tools the CLI started too.
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });

    let stopped = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let startError: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    let settled = false;

    const spawnedAt = Date.now();
    const signalRun = (sig: NodeJS.Signals) => signalGroup(child, sig, spawnedAt);

    const onAbort = () => {
      if (exitCode !== null || exitSignal !== null) return;
      stopped = true;
      log.write(`[swarmlog] run stopped: SIGTERM, SIGKILL after ${spec.graceMs} ms\n`);
      signalRun('SIGTERM');
      killTimer = setTimeout(() => signalRun('SIGKILL'), spec.graceMs);
      killTimer.unref();
    };
    spec.signal.addEventListener('abort', onAbort, { once: true });

    const finish = () => {
      if (settled) return;
      settled = true;
      spec.signal.removeEventListener('abort', onAbort);
      // A pending SIGKILL stays armed: it still reaches whatever the stopped child left running in its group.
      if (drainTimer) clearTimeout(drainTimer);
      stdoutLines.end();
      stderrLines.end();
      void closeLog().then(() =>
        resolve({
          exitCode,
          exitSignal,
          stopped,
          ...(startError !== undefined ? { startError } : {}),
          durationMs: Date.now() - started,
        }),
      );
    };

    // One `[stderr] ` per line, whatever the chunks: a line split across two chunks gets it once, at its start.
    let stderrAtLineStart = true;
    const prefixStderr = (chunk: string): string =>
      chunk
        .split(/(?<=\n)/)
        .map((part) => {
          const prefixed = stderrAtLineStart && part !== '\n' && part !== '\r\n' ? `[stderr] ${part}` : part;
          stderrAtLineStart = part.endsWith('\n');
          return prefixed;
        })
        .join('');
    const stdoutLines = splitLines((line) => spec.onLine(line, 'stdout'));
    const stderrLines = splitLines((line) => spec.onLine(line, 'stderr'));
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      log.write(chunk);
      stdoutLines.push(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      // Kept apart in the log so the raw stream-json stays parseable line by line.
      log.write(prefixStderr(chunk));
      stderrLines.push(chunk);
    });

    child.stdin.on('error', () => undefined); // a child that never reads its stdin is not an error
    if (spec.stdin !== undefined) child.stdin.end(spec.stdin);
    else child.stdin.end();

    child.on('error', (error: NodeJS.ErrnoException) => {
      startError =
        error.code === 'ENOENT' ? `${spec.command}: not found on the run's PATH (${spec.env.PATH ?? 'PATH not set'})` : error.message;
      log.write(`[swarmlog] could not start ${spec.command}: ${startError}\n`);
      finish();
    });
    child.on('exit', (code, sig) => {
      exitCode = code;
      exitSignal = sig;
      // If something the child started still holds the pipes, do not wait for it forever.
      drainTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish();
      }, drainAfterExitMs);
      drainTimer.unref();
    });
    child.on('close', () => finish());
  });
};
