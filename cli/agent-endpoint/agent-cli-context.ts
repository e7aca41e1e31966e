import type { SwarmConfig } from '../../infra/config/swarm-config.js';
import type { SwarmRuntime } from '../../processes/commands/runtime.js';
import type { RunCapability } from '../../processes/dispatcher/run-capabilities.js';
import type { CliContext } from '../cli-context.js';

export interface AgentCliBase {
  readonly runtime: SwarmRuntime;
  readonly config: SwarmConfig;
  readonly home: string;
  readonly storeUrl: string;
}

/**
 * The context of a command an agent run sent through the agent endpoint: the swarm's own open log and read models,
 * and an identity taken from the run's capability alone — the agent, run, task, claim generation and causal chain
 * of the token, whatever the caller's environment said.
 */
export const agentCliContext = (base: AgentCliBase, capability: RunCapability, out: (line: string) => void): CliContext => {
  let code = 0;
  const env: NodeJS.ProcessEnv = {
    SWARM_HOME: base.home,
    SWARM_STORE: base.storeUrl,
    SWARM_AGENT: capability.agent,
    SWARM_RUN_ID: capability.runId,
    SWARM_TASK_ID: capability.taskId,
    SWARM_CLAIM_GENERATION: String(capability.claimGeneration),
    SWARM_CORRELATION_ID: capability.correlationId,
    SWARM_CAUSATION_ID: capability.correlationId,
  };
  return {
    env,
    home: base.home,
    storeUrl: base.storeUrl,
    agent: capability.agent,
    // An agent's command is not retried by a person: it uses the swarm's ids; this one only names the call.
    commandId: base.runtime.newEventId(),
    store: async () => base.runtime.log,
    config: () => base.config,
    runtime: async () => base.runtime,
    // The log and read models belong to the swarm: a command never closes them.
    close: async () => undefined,
    closeForExit: async () => undefined,
    out,
    setExitCode: (c) => {
      code = c;
    },
    exitCode: () => code,
  };
};
