import type { RunMounts, RunSandbox, SandboxFactory } from '../../agents/sandbox/run-sandbox.js';

/**
 * No sandbox: the program runs as the swarm's user with its files in reach. Only with `swarm up
 * --unsafe-no-sandbox` (or for the simulated agents where bubblewrap cannot run), and then said at every start, in
 * `swarm status` and on the dashboard. The run capability still holds: the CLI inside the run acts only through the
 * agent endpoint, so an agent that behaves cannot cross a human gate; one that does not could read the store files.
 */
export const unconfinedSandboxFactory =
  (endpointSocket: string): SandboxFactory =>
  (mounts: RunMounts): RunSandbox => ({
    mode: 'none',
    wrap: (program) => ({ ...program, env: { ...program.env, HOME: mounts.home, SWARM_AGENT_ENDPOINT: endpointSocket } }),
  });
