import { spawn } from 'node:child_process';

export interface CliAnswer {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * A built CLI (`swarm`, `claude-tasks` …) in a child process, awaited without blocking this process: the fake
 * services the tests start answer from here, so a synchronous spawn would deadlock.
 */
export const cliChild = (bin: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliAnswer> =>
  new Promise((resolve) => {
    const child = spawn('node', [`cli/bin/${bin}`, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
