import type { ChildProcess } from 'node:child_process';

/**
 * How long after its start a sandboxed program may be signalled. bubblewrap arms its die-with-parent guard inside the
 * sandbox a moment after it forks; killing bwrap before then leaves the sandboxed program running, orphaned (seen: 2
 * of 20 runs killed at once). A stop that early waits the rest of this.
 */
export const sandboxSetupMs = 300;

/**
 * Signals a run's process group (a program started `detached`, so what it started goes too), never sooner than
 * `sandboxSetupMs` after it was spawned, and not after it exited (its pid may be someone else's by then).
 */
export const signalGroup = (child: ChildProcess, signal: NodeJS.Signals, spawnedAt: number): void => {
  const send = () => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  };
  const wait = spawnedAt + sandboxSetupMs - Date.now();
  if (wait > 0) setTimeout(send, wait);
  else send();
};
