/**
 * The sandbox every agent process runs in (SPEC §6 "Containment"): an agent is untrusted code with a shell. A driver
 * never starts a program directly: it asks the run's sandbox to wrap it, then spawns what comes back. The adapters
 * live in `infra/sandbox/` (bubblewrap; `none` only when a person asked for it with `--unsafe-no-sandbox`).
 */
export type SandboxMode = 'bubblewrap' | 'none';

export interface SandboxProgram {
  readonly command: string;
  readonly args: readonly string[];
  /** Where the program starts; must be a folder the run may see (its workspace or run folder). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

/** What to spawn instead: `bwrap … -- <command> <args>` for bubblewrap, the program itself for `none`. */
export interface WrappedProgram {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export interface RunSandbox {
  readonly mode: SandboxMode;
  /**
   * Wraps one program of the run. `network`: whether the program may reach the network (an LLM CLI must reach its
   * model server; the simulated agent and the tools of the API driver get none).
   */
  wrap(program: SandboxProgram, options: { readonly network: boolean }): WrappedProgram;
}

/** What a run may see, decided by the dispatcher from the run's role and folders. */
export interface RunMounts {
  /** The run's own folder (prompt, output log, HOME): read-write. */
  readonly runFolder: string;
  /** The agent's HOME inside the sandbox (fresh per run, under the run folder). */
  readonly home: string;
  /** Folders the role must write (its workspace): read-write. */
  readonly writable: readonly string[];
  /** Folders the role must read and not write: read-only. */
  readonly readOnly: readonly string[];
  /** Files bound read-only into HOME (a CLI's login, where configured): path inside HOME → path on the host. */
  readonly homeFiles: Readonly<Record<string, string>>;
  /**
   * Folders also shown at another path, as writable or read-only as the folder itself (a what-if fork's run sees the
   * fork's copies of the work folders at the live home's paths, which the recorded tasks name).
   */
  readonly alsoAt?: readonly { readonly folder: string; readonly inside: string }[];
}

/** Builds the sandbox of one run. */
export type SandboxFactory = (mounts: RunMounts) => RunSandbox;
