/**
 * How one agent run is executed (SPEC §6 drivers): `sim`, `claude`, `codex`, `anthropic`. The dispatcher builds the
 * request, records the driver's events as run events, and decides the task's fate from the log afterwards: a driver
 * never completes or fails tasks itself (the agent does that through the CLI inside the run).
 */
import type { RunSandbox } from '../sandbox/run-sandbox.js';

export type DriverName = 'sim' | 'claude' | 'codex' | 'anthropic';

export const driverNames: readonly DriverName[] = ['sim', 'claude', 'codex', 'anthropic'];

export const isDriverName = (value: string): value is DriverName => (driverNames as readonly string[]).includes(value);

/** What a run records as its driver: one of the drivers above, or `replay` (a recorded run played back in a what-if fork). */
export type RunDriverName = DriverName | 'replay';

export interface RunRequest {
  readonly runId: string;
  /** The agent identity (`builder`, or an instance such as `builder-2`). */
  readonly agent: string;
  /** The agent's role (one of the ten). */
  readonly role: string;
  readonly model: string;
  /** The full prompt: role prompt + task context + unread mail + relevant memories. */
  readonly prompt: string;
  /** The run's working directory (its files are the agent's to read and write). */
  readonly workspace: string;
  /**
   * The complete environment of the run: PATH, HOME, SWARM_* (SWARM_AGENT, SWARM_HOME, SWARM_STORE, SWARM_RUN_ID,
   * SWARM_TASK_ID, SWARM_CLAIM_GENERATION, SWARM_CORRELATION_ID, SWARM_CAUSATION_ID) and only this role's secrets.
   * Drivers pass exactly this to child processes (never `process.env`).
   */
  readonly env: Readonly<Record<string, string>>;
  /** Where the raw output goes (append-only file; referenced from the run's events). */
  readonly logPath: string;
  /** Aborted when the run must stop (no progress for too long, session cap, token cap, shutdown). */
  readonly signal: AbortSignal;
  /**
   * The role's agent-loop turn limit (`agents.<role>.maxTurns`): `claude --max-turns`, the Messages API loop, and the
   * tool steps of `codex exec` (which has no turn setting of its own). Absent: the driver's default.
   */
  readonly maxTurns?: number;
  /** Every program of the run is started through it (SPEC §6 "Containment"). */
  readonly sandbox: RunSandbox;
  /**
   * The folders of `$SWARM_HOME` the run's sandbox shows besides the workspace (absolute): the role's folders, of the
   * product folders only the task's. A driver whose tools touch files itself confines them to these. Absent: the
   * role's folders for a run in this workspace.
   */
  readonly folders?: { readonly writable: readonly string[]; readonly readOnly: readonly string[] };
}

/** What a driver reports while the run goes on. */
export type DriverEvent =
  | { readonly kind: 'progress'; readonly note?: string }
  | { readonly kind: 'tool'; readonly name: string; readonly summary: string }
  | {
      readonly kind: 'usage';
      readonly inputTokens: number;
      readonly outputTokens: number;
      readonly costUsd: number;
      readonly model?: string;
      /** Of `inputTokens`, how many were read from the prompt cache (left out of the per-run token cap). */
      readonly cachedInputTokens?: number;
    }
  | { readonly kind: 'rate_limited'; readonly provider: DriverName; readonly resetAt?: string };

export type RunEnd = 'completed' | 'failed' | 'stopped' | 'crashed' | 'rate_limited';

export interface RunOutcome {
  /** The process exit code (null when killed by a signal or when there is no process, as for `anthropic`). */
  readonly exitCode: number | null;
  readonly durationMs: number;
  /** Totals over the whole run (the sum of the `usage` events reported). */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd: number;
  /** How the run ended: `completed` = the agent finished normally, which says nothing yet about the task. */
  readonly outcome: RunEnd;
  readonly reason?: string;
  /** For `rate_limited`: when the provider accepts requests again, if it said. */
  readonly resetAt?: string;
}

export interface AgentDriver {
  readonly name: RunDriverName;
  /** True when this driver runs a real model (the UI and logs say when agents are simulated). */
  readonly usesLlm: boolean;
  run(request: RunRequest, onEvent: (event: DriverEvent) => void): Promise<RunOutcome>;
}
