// An EventStoreDB node (the emulator) in a process of its own, for tests whose CLI calls block their own event loop
// (spawnSync): it can be taken away and brought back with what it had committed (esdb-outage-emulator.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { waitFor } from './swarm-process.js';

export interface EsdbNodeProcess {
  readonly connectionString: string;
  /** The node goes away (a restart, a leader election); resolves once it has. */
  stop(): Promise<void>;
  /** The node is back on the same port with the same log; resolves once it serves. */
  start(): Promise<void>;
  end(): void;
}

export const startEsdbNodeProcess = async (): Promise<EsdbNodeProcess> => {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'test/e2e/esdb-outage-emulator.ts'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  const lines = () => out.split('\n').map((l) => l.trim());
  const connectionString = await waitFor('the emulator to start', () => (out.includes('\n') ? lines()[0] : undefined), 30_000);
  let stops = 0;
  let starts = 0;
  const said = (word: string, count: number) => (lines().filter((l) => l === word).length >= count ? true : undefined);
  return {
    connectionString,
    stop: async () => {
      child.kill('SIGUSR1');
      const n = ++stops;
      await waitFor('the node to stop', () => said('stopped', n), 20_000);
    },
    start: async () => {
      child.kill('SIGUSR2');
      const n = ++starts;
      await waitFor('the node to start again', () => said('started', n), 20_000);
    },
    end: () => void child.kill('SIGTERM'),
  };
};
