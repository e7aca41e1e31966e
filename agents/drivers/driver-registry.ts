/**
 * Which driver runs an agent: `driverFor(name, config)`. The config carries each driver's settings; `driverConfigFromEnv`
 * reads the operator's overrides (never a role's secrets: those reach a run only through its request env).
 */
import type { AgentDriver, DriverName } from './driver.js';
import { createClaudeDriver, type ClaudeDriverOptions } from './claude-driver.js';
import { createCodexDriver, type CodexDriverOptions, type CodexSandbox } from './codex-driver.js';
import { createAnthropicDriver, type AnthropicDriverOptions } from './anthropic-driver.js';
import { createSimDriver, type SimDriverOptions } from './sim-driver.js';

export interface DriverConfig {
  readonly claude?: ClaudeDriverOptions;
  readonly codex?: CodexDriverOptions;
  readonly anthropic?: AnthropicDriverOptions;
  readonly sim?: SimDriverOptions;
}

// The names live beside the driver interface (no driver's module needed to check one); offered here as before.
export { driverNames, isDriverName } from './driver.js';

export const driverFor = (name: DriverName, config: DriverConfig = {}): AgentDriver => {
  switch (name) {
    case 'sim':
      return createSimDriver(config.sim);
    case 'claude':
      return createClaudeDriver(config.claude);
    case 'codex':
      return createCodexDriver(config.codex);
    case 'anthropic':
      return createAnthropicDriver(config.anthropic);
    default: {
      const unknown: never = name;
      throw new Error(`unknown driver ${String(unknown)}`);
    }
  }
};

const sandboxes: readonly CodexSandbox[] = ['bypass', 'workspace-write', 'read-only'];

/**
 * Operator overrides: `SWARM_CLAUDE_COMMAND`, `SWARM_CODEX_COMMAND` (another executable name or path),
 * `SWARM_CODEX_SANDBOX` (bypass | workspace-write | read-only), `ANTHROPIC_BASE_URL`, `SWARM_ANTHROPIC_MAX_TURNS`,
 * `SWARM_DRIVER_GRACE_MS` (SIGTERM → SIGKILL grace of a stopped run). Returns an error naming the variable when one
 * is malformed.
 */
export const driverConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): { config: DriverConfig } | { error: string } => {
  const grace = env.SWARM_DRIVER_GRACE_MS;
  const graceMs = grace === undefined || grace === '' ? undefined : Number(grace);
  if (graceMs !== undefined && !(Number.isInteger(graceMs) && graceMs >= 0)) return { error: `SWARM_DRIVER_GRACE_MS: expected a whole number of milliseconds ≥ 0, got ${JSON.stringify(grace)}` };
  const turns = env.SWARM_ANTHROPIC_MAX_TURNS;
  const maxTurns = turns === undefined || turns === '' ? undefined : Number(turns);
  if (maxTurns !== undefined && !(Number.isInteger(maxTurns) && maxTurns > 0)) return { error: `SWARM_ANTHROPIC_MAX_TURNS: expected a whole number > 0, got ${JSON.stringify(turns)}` };
  const sandbox = env.SWARM_CODEX_SANDBOX || undefined;
  if (sandbox !== undefined && !(sandboxes as readonly string[]).includes(sandbox)) return { error: `SWARM_CODEX_SANDBOX: expected one of ${sandboxes.join(', ')}, got ${JSON.stringify(sandbox)}` };
  const pick = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T;
  return {
    config: {
      claude: pick({ command: env.SWARM_CLAUDE_COMMAND, graceMs }),
      codex: pick({ command: env.SWARM_CODEX_COMMAND, graceMs, sandbox: sandbox as CodexSandbox | undefined }),
      anthropic: pick({ baseUrl: env.ANTHROPIC_BASE_URL, maxTurns }),
      sim: pick({ killGraceMs: graceMs }),
    },
  };
};
