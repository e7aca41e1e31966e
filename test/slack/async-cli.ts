import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * The built CLI without blocking this process: the fake Slack answers from this test's event loop, which
 * `spawnSync` would starve (a `swarm up` waiting on Slack would wait on the test).
 */
export const cli = (env: NodeJS.ProcessEnv, args: readonly string[], more: Record<string, string> = {}, bin = 'swarm') =>
  new Promise<{ code: number | null; stdout: string; stderr: string; json<T = any>(): T }>((resolve) => {
    const child = spawn(process.execPath, [`cli/bin/${bin}`, ...args], { env: { ...env, ...more }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) }));
  });

/** Environment entries that blank any SLACK_* of the machine running the tests. */
export const noSlackEnv = (): Record<string, string> => Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('SLACK_')).map((k) => [k, '']));

/** A port free right now on 127.0.0.1 (for a receiver the test starts in another process). */
export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
