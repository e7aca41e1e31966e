import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
// @ts-expect-error a plain .mjs script of the repo, without types
import { ensureVerdaccio } from '../../scripts/verdaccio.mjs';

/** A real npm registry (verdaccio) on loopback, in its own folder, with a user whose token the tests use. */
export interface LocalRegistry {
  readonly url: string;
  readonly token: string;
  stop(): Promise<void>;
}

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export const startLocalRegistry = async (dir: string): Promise<LocalRegistry> => {
  const bin = (ensureVerdaccio as (o?: object) => string)();
  const port = await freePort();
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'config.yaml');
  writeFileSync(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      '    max_users: 10',
      'uplinks: {}',
      'packages:',
      "  '@*/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'log: { type: stdout, format: json, level: error }',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn('node', [bin, '--config', config, '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      const ping = await fetch(`${url}-/ping`);
      if (ping.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`verdaccio did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const user = await fetch(`${url}-/user/org.couchdb.user:swarm`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'swarm', password: 'swarm-test-password', email: 'swarm@example.invalid', type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const token = ((await user.json()) as { token?: string }).token;
  if (!token) throw new Error(`verdaccio gave no token (HTTP ${user.status})`);
  return {
    url,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};
