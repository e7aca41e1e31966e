import { join, resolve } from 'node:path';
import type { SandboxFactory, SandboxMode } from '../../agents/sandbox/run-sandbox.js';
import { projectionStorePath } from '../../infra/config/store-location.js';
import { bubblewrapSandboxFactory } from '../../infra/sandbox/bubblewrap-sandbox.js';
import { probeBubblewrap } from '../../infra/sandbox/sandbox-probe.js';
import { unconfinedSandboxFactory } from '../../infra/sandbox/unconfined-sandbox.js';
import { envFilePath } from '../../infra/secrets/env-file.js';

export interface SandboxChoiceInput {
  /** `--unsafe-no-sandbox`. */
  readonly unsafe: boolean;
  /** Only simulated agents run (no LLM driver anywhere). */
  readonly simulated: boolean;
  readonly hasAgents: boolean;
  readonly installationRoot: string;
  readonly home: string;
  readonly storeUrl: string;
  readonly env: NodeJS.ProcessEnv;
  readonly readOnlyPaths?: readonly string[];
  readonly homeFiles?: Readonly<Record<string, string>>;
}

export interface SandboxChoice {
  readonly mode: SandboxMode;
  /** The line `swarm up` prints. */
  readonly describe: string;
  readonly factory: (endpointSocket: string) => SandboxFactory;
  readonly homeFiles: Readonly<Record<string, string>>;
}

/**
 * Which sandbox the runs get (SPEC §6 "Containment"): bubblewrap wherever it can run. Where it cannot, LLM agents
 * do not start unless a person passes `--unsafe-no-sandbox`; the simulated agents (our own program) still run, said
 * as loudly. `SWARM_BWRAP` names another bwrap executable.
 */
export const chooseSandbox = (input: SandboxChoiceInput): SandboxChoice | { refusal: string } => {
  const homeFiles = input.homeFiles ?? {};
  const unconfined = (why: string): SandboxChoice => ({
    mode: 'none',
    describe: `NONE — agents run UNSANDBOXED (${why}): an agent could read and write the store, tokens and your files`,
    factory: (socket) => unconfinedSandboxFactory(socket),
    homeFiles,
  });
  if (input.unsafe) return unconfined('--unsafe-no-sandbox');
  const command = input.env.SWARM_BWRAP || 'bwrap';
  const probe = input.hasAgents ? probeBubblewrap(command) : ({ ok: true } as const);
  if (!probe.ok) {
    if (!input.simulated)
      return { refusal: `bubblewrap cannot run here (${probe.reason}); LLM agents run only inside a sandbox. Install bubblewrap (apt-get install bubblewrap), or start with --unsafe-no-sandbox and accept that agents can reach the store, the operator tokens and your files.` };
    return unconfined(`bubblewrap cannot run here: ${probe.reason}`);
  }
  const storeFile = input.storeUrl.startsWith('sqlite:') ? input.storeUrl.slice('sqlite:'.length).split('?')[0]! : undefined;
  const projections = projectionStorePath(input.storeUrl, input.env);
  const hiddenFiles = [
    ...(storeFile ? [storeFile, `${storeFile}-wal`, `${storeFile}-shm`] : []),
    projections,
    `${projections}-wal`,
    `${projections}-shm`,
    projections.replace(/\.db$/, '-2.db'),
    ...(input.env.SWARM_CONFIG ? [resolve(input.env.SWARM_CONFIG)] : []),
    join(input.home, 'config.json'),
    join(input.home, 'operators.json'),
    join(input.installationRoot, '.env'),
    // The .env the swarm's secrets come from (SWARM_ENV_FILE, or the folder `swarm up` started in): a run whose
    // toolchain lies in that folder would otherwise read every secret in it.
    envFilePath(input.env),
  ];
  return {
    mode: 'bubblewrap',
    describe: 'bubblewrap — each agent process in its own namespaces; it sees its run folder, its role\'s folders and the toolchain, nothing else',
    factory: (socket) =>
      bubblewrapSandboxFactory({
        command,
        installationRoot: input.installationRoot,
        swarmHome: input.home,
        endpointSocket: socket,
        readOnlyPaths: input.readOnlyPaths ?? [],
        hiddenFiles,
      }),
    homeFiles,
  };
};
