import type { SandboxMode } from '../../agents/sandbox/run-sandbox.js';
import type { RunContainment } from '../../processes/dispatcher/agent-run.js';
import { createRunCapabilities, type RunCapabilities } from '../../processes/dispatcher/run-capabilities.js';
import { chooseSandbox, type SandboxChoiceInput } from '../commands/up-sandbox.js';
import { startAgentEndpoint, type AgentEndpoint, type AgentEndpointOptions } from './agent-endpoint-server.js';

export interface Containment {
  readonly containment: RunContainment;
  readonly capabilities: RunCapabilities;
  readonly endpoint: AgentEndpoint;
  readonly mode: SandboxMode;
  /** What `swarm up` prints on its `sandbox:` line. */
  readonly describe: string;
  close(): Promise<void>;
}

/**
 * Everything that keeps agent runs inside (SPEC §6 "Containment"), as `swarm up` starts it: the sandbox chosen for
 * this machine, the run capabilities and the agent endpoint their CLI calls go to. A refusal (an LLM driver where
 * bubblewrap cannot run, without `--unsafe-no-sandbox`) comes back as text for the person.
 */
export const startContainment = async (
  input: Omit<SandboxChoiceInput, 'home' | 'storeUrl'> & Omit<AgentEndpointOptions, 'capabilities'>,
): Promise<Containment | { refusal: string }> => {
  const choice = chooseSandbox(input);
  if ('refusal' in choice) return choice;
  const capabilities = createRunCapabilities();
  const endpoint = await startAgentEndpoint({ ...input, capabilities });
  return {
    containment: { capabilities, sandboxFor: choice.factory(endpoint.socketPath), homeFiles: choice.homeFiles },
    capabilities,
    endpoint,
    mode: choice.mode,
    describe: choice.describe,
    close: () => endpoint.close(),
  };
};
